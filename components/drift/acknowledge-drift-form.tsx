'use client';

import { ReasonForm } from '@/components/ui/reason-form';
import { acknowledgeDriftAction } from '@/lib/actions/acknowledge-drift';

/** An owner acknowledges the drift on their screen (up to the newest entry shown, at the hashes shown), with a reason. */
export function AcknowledgeDriftForm({
  environment,
  seenDriftId,
  seenTierHashes,
}: {
  environment: string;
  seenDriftId: string;
  seenTierHashes: string[];
}) {
  return (
    <ReasonForm
      action={acknowledgeDriftAction}
      hidden={{ environment, seenDriftId, seenTierHashes: seenTierHashes.join(',') }}
      reasonLabel="Why this drift is acceptable"
      submitLabel="Acknowledge this drift"
      pendingLabel="Acknowledging…"
      testId={`acknowledge-drift-${environment}`}
      submitTestId="acknowledge-drift-submit"
    />
  );
}
