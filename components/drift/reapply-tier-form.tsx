'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { Button } from '@/components/ui/button';
import { initialActionState } from '@/lib/action-state';
import { reapplyDriftedTierAction } from '@/lib/actions/reapply-drifted-tier';

/** An operator restores a drifted tier's rows from the bundle through a run, with every gate check of an apply. */
export function ReapplyTierForm({ environment, tier }: { environment: string; tier: number }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(reapplyDriftedTierAction, initialActionState);
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="environment" value={environment} />
      <input type="hidden" name="tier" value={String(tier)} />
      {!state.ok && (
        <Button type="submit" disabled={pending} data-testid={`reapply-tier-${tier}`}>
          {pending ? `Re-applying tier ${tier}…` : `Re-apply tier ${tier} from the bundle`}
        </Button>
      )}
      <ActionOutcome state={state} />
    </form>
  );
}
