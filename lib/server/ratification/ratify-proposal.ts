import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { mayRatify, ratifyingLevelsOf } from '@/lib/ratification-rules';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { verifyStepUp } from '@/lib/server/auth/verify-step-up';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { boundedText, parseInput } from '@/lib/server/parse-input';
import { alreadyRatified } from '@/lib/server/ratification/already-ratified';
import {
  findReplayedRatification,
  type RatifyResult,
} from '@/lib/server/ratification/find-replayed-ratification';
import { hasStandingRatification } from '@/lib/server/ratification/has-standing-ratification';
import { oneRatifyAtATime } from '@/lib/server/ratification/one-ratify-at-a-time';
import { writeRatification } from '@/lib/server/ratification/write-ratification';
import { readRehearsalEffect } from '@/lib/server/rehearsal/read-rehearsal-effect';
import { shortDigest } from '@/lib/short-digest';

export const ratifyProposalInput = z.object({
  typedCode: boundedText(100).trim().min(1, 'Type the proposal code to confirm.'),
  // Argon2 hashes whatever it is given: a bound keeps a step-up from becoming a CPU flood.
  password: boundedText(1024).default(''),
  stepUpGrant: z.uuid('The single sign-on confirmation is not valid; re-authenticate again.').optional(),
  // The browser's AuthenticationResponseJSON as text; verify-ratify-assertion.ts checks its shape.
  passkeyResponse: boundedText(4096).optional(),
  digest: boundedText(64).regex(/^[0-9a-f]{64}$/, 'The digest is missing; reload the page.'),
  requestId: z.uuid('The request id is missing; reopen the dialog.'),
});

/**
 * Ratifies the bundle's proposal at the digest the approver was shown, in
 * production and the control plane as one operation (writeRatification). The
 * same request (same request id) replayed gives the same ratification.
 */
export async function ratifyProposal(options: {
  actor: Actor;
  context: RequestContext;
  typedCode: string;
  password?: string;
  stepUpGrant?: string;
  passkeyResponse?: string;
  digest: string;
  requestId: string;
  bundle?: Bundle;
}): Promise<RatifyResult> {
  const bundle = options.bundle ?? (await loadBundle());
  const { proposal } = bundle.manifest;
  const { actor, context } = options;
  const meta = {
    kind: 'proposal.ratify' as const,
    data: { ratificationId: null, approvalRowId: null, level: null, replay: false },
    actor,
    context,
    target: `proposal:${proposal.code}`,
    digest: bundle.digest,
  };
  return auditRefusals(meta, async () => {
    await authorize({ actor, context, permission: 'proposal.ratify', target: meta.target });
    const input = parseInput(ratifyProposalInput, {
      typedCode: options.typedCode,
      password: options.password,
      stepUpGrant: options.stepUpGrant,
      passkeyResponse: options.passkeyResponse,
      digest: options.digest,
      requestId: options.requestId,
    });
    const verdict = mayRatify(actor, proposal);
    if (!verdict.allowed) throw new DomainError(verdict.code, verdict.sentence);
    const level = ratifyingLevelsOf(actor, proposal)[0] as string;
    return oneRatifyAtATime({
      key: actor.id ? `${actor.id}:${bundle.digest}` : null,
      work: async () => {
        const user = await getControlPlane().user.findUnique({ where: { id: actor.id ?? '' } });
        if (!user) throw new DomainError('FORBIDDEN', 'Only a person with an account can ratify.');

        const replayed = await findReplayedRatification({ requestId: input.requestId, actor });
        if (replayed) return replayed;

        if (input.typedCode !== proposal.code) {
          throw new DomainError(
            'CODE_MISMATCH',
            `You typed "${input.typedCode}"; type ${proposal.code} exactly to confirm.`,
          );
        }
        const standing = { code: proposal.code, digest: bundle.digest, userId: user.id };
        // A repeat at the digest shown is refused before the password check: it would be refused after it anyway,
        // and argon2 is what makes a ratify request slow. A single sign-on grant is cheap to check and is checked
        // (and used up) first, as is a stale digest, each with its own refusal.
        const passwordStepUp = !input.stepUpGrant && !input.passkeyResponse && input.digest === bundle.digest;
        if (passwordStepUp && (await hasStandingRatification(standing))) throw alreadyRatified(proposal.code);
        // The passkey's challenge must commit to the digest the dialog sent; the stale check below then
        // refuses a digest that is no longer the bundle's.
        const proof = await verifyStepUp({
          account: { ...user, roles: actor.roles },
          password: input.password,
          stepUpGrant: input.stepUpGrant,
          context,
          ratify: { proposal: proposal.code, digest: input.digest, passkeyResponse: input.passkeyResponse },
        });
        if (input.digest !== bundle.digest) {
          throw new DomainError(
            'STALE_DIGEST',
            `The dialog showed digest ${shortDigest(input.digest)}, but the bundle is now ${shortDigest(bundle.digest)}. Reopen the proposal and review it again.`,
          );
        }
        await refuseOwnProposal({ code: proposal.code, userId: user.id });
        const rehearsal = await readRehearsalEffect({ bundle });
        if (rehearsal.blocker) throw new DomainError(rehearsal.blocker.code, rehearsal.blocker.sentence);
        if (await hasStandingRatification(standing)) throw alreadyRatified(proposal.code);
        return writeRatification({ bundle, actor, context, user, level, requestId: input.requestId, proof });
      },
    });
  });
}

/** Separation of duties needs to know who prepared it; an unknown proposer is a refusal, never a pass. */
async function refuseOwnProposal(options: { code: string; userId: string }): Promise<void> {
  const { code } = options;
  const registered = await getControlPlane().proposal.findUnique({ where: { code } });
  if (!registered?.proposedById) {
    throw new DomainError(
      'PROPOSER_REQUIRED',
      `No one is recorded as having prepared ${code}, so it cannot be told apart from its ratifier. An administrator records the proposer with: npm run gate -- users set-proposer --email <proposer-email> --proposal ${code}`,
    );
  }
  if (registered.proposedById === options.userId) {
    throw new DomainError('SELF_RATIFICATION', `You prepared ${code}, so another approver must ratify it.`);
  }
}
