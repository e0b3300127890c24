// No 'server-only': the offline verifier checks exported ratify events with this.

import type { ExportedEvent } from '@/lib/server/audit/verify-events';
import { type PasskeyCheck, verifyPasskeyEvidence } from '@/lib/server/audit/verify-passkey-evidence';

/** What the offline verifier says about one successful `proposal.ratify` event. */
export type RatificationCheck = {
  seq: string;
  ratificationId: string | null;
  approver: string;
  approverId: string | null;
  digest: string | null;
  /** How presence was proved, as the event records it; null for events written before step-ups were recorded. */
  stepUp: string | null;
  credentialId: string | null;
} & (
  | { outcome: 'passkey-verified' }
  | { outcome: 'no-passkey' }
  | { outcome: 'failed'; failed: PasskeyCheck; problem: string }
);

/**
 * Checks a successful ratify event's passkey evidence against the event's own
 * proposal, digest and actor. A ratification proved by password or single
 * sign-on has no signature to check and is reported as such, not as a
 * failure; one that says it used a passkey but carries no evidence fails.
 */
export async function checkRatificationEvent(options: { event: ExportedEvent }): Promise<RatificationCheck> {
  const { event } = options;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const stepUp = typeof data.stepUp === 'string' ? data.stepUp : null;
  const evidence = data.passkey;
  const base = {
    seq: event.seq,
    ratificationId: typeof data.ratificationId === 'string' ? data.ratificationId : null,
    approver: event.actorLabel,
    approverId: event.actorId,
    digest: event.digest,
    stepUp,
    credentialId: readCredentialId(evidence),
  };
  if (evidence === undefined || evidence === null) {
    if (stepUp !== 'passkey') return { ...base, outcome: 'no-passkey' };
    return {
      ...base,
      outcome: 'failed',
      failed: 'evidence',
      problem: 'the event says a passkey was used but carries no passkey evidence',
    };
  }
  const result = await verifyPasskeyEvidence({
    proposal: event.target.replace(/^proposal:/, ''),
    digest: event.digest,
    approverId: event.actorId,
    evidence,
  });
  if (result.ok) return { ...base, outcome: 'passkey-verified' };
  return { ...base, outcome: 'failed', failed: result.failed, problem: result.problem };
}

function readCredentialId(evidence: unknown): string | null {
  const id = (evidence as { credentialId?: unknown } | null | undefined)?.credentialId;
  return typeof id === 'string' ? id : null;
}
