import 'server-only';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { type Actor, approverLevelsOf, type RequestContext } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { type StepUpProof, verifyStepUp } from '@/lib/server/auth/verify-step-up';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { getTargetPool } from '@/lib/server/db/target-pool';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { oneRatifyAtATime } from '@/lib/server/ratification/one-ratify-at-a-time';
import { readRehearsalEffect } from '@/lib/server/rehearsal/read-rehearsal-effect';

const inputSchema = z.object({
  typedCode: z.string().trim().min(1, 'Type the proposal code to confirm.'),
  password: z.string().max(1024, 'The password is too long.').default(''),
  stepUpGrant: z.uuid('The single sign-on confirmation is not valid; re-authenticate again.').optional(),
  // The browser's AuthenticationResponseJSON as text; verify-ratify-assertion.ts checks its shape.
  passkeyResponse: z.string().max(16_384, 'The passkey response is too long.').optional(),
  digest: z.string().regex(/^[0-9a-f]{64}$/, 'The digest shown in the dialog is missing.'),
  requestId: z.uuid('The request id is missing; reopen the dialog.'),
});

export type RatifyResult = { ratificationId: string; approvalRowId: string; replay: boolean };

const UNIQUE_VIOLATION = '23505';

/**
 * Ratifies the bundle's proposal at the digest the approver was shown. The
 * control-plane ratification and production's os_proposal_approvals row are
 * written as one operation: production's row is inserted in an open
 * transaction, the control-plane row and its audit event in another, and
 * production commits only once the control plane's writes have succeeded; if
 * the control plane then fails to commit, production's row is removed again.
 * The same request (same request id) replayed gives the same ratification.
 */
export async function ratifyProposal(options: {
  actor: Actor;
  context: RequestContext;
  typedCode: string;
  password: string;
  stepUpGrant?: string;
  passkeyResponse?: string;
  digest: string;
  requestId: string;
  bundle?: Bundle;
}): Promise<RatifyResult> {
  const bundle = options.bundle ?? (await loadBundle());
  const { proposal } = bundle.manifest;
  const meta = {
    kind: 'proposal.ratify' as const,
    data: { ratificationId: null, approvalRowId: null, level: null, replay: false },
    actor: options.actor,
    context: options.context,
    target: `proposal:${proposal.code}`,
    digest: bundle.digest,
  };
  return auditRefusals(meta, async () => {
    assertPermission(options.actor, 'proposal.ratify');
    const input = inputSchema.safeParse(options);
    if (!input.success)
      throw new DomainError('INVALID_INPUT', input.error.issues.map((i) => i.message).join(' '));
    const allowedLevels = approverLevelsOf(options.actor).filter((level) =>
      proposal.ratifyingLevels.includes(level),
    );
    if (allowedLevels.length === 0) {
      const levels = approverLevelsOf(options.actor).join(', ') || 'none';
      throw new DomainError(
        'LEVEL_NOT_ALLOWED',
        `${proposal.code} may be ratified by approver level ${proposal.ratifyingLevels.join(' or ')}; your level is ${levels}.`,
      );
    }
    const level = [...allowedLevels].sort().at(-1) as (typeof allowedLevels)[number];
    return oneRatifyAtATime({
      key: options.actor.id ? `${options.actor.id}:${bundle.digest}` : null,
      work: async () => {
        const controlPlane = getControlPlane();
        const user = await controlPlane.user.findUnique({ where: { id: options.actor.id ?? '' } });
        if (!user) throw new DomainError('FORBIDDEN', 'Only a person with an account can ratify.');

        const replayed = await controlPlane.ratification.findUnique({
          where: { requestId: input.data.requestId },
        });
        if (replayed) return replayOf(replayed, options.actor);

        if (input.data.typedCode !== proposal.code) {
          throw new DomainError(
            'CODE_MISMATCH',
            `You typed "${input.data.typedCode}"; type ${proposal.code} exactly to confirm.`,
          );
        }
        // A repeat at the digest shown is refused before the password check: it would be refused after it anyway,
        // and argon2 is what makes a ratify request slow. A single sign-on grant is cheap to check and is checked
        // (and used up) first, as is a stale digest, each with its own refusal.
        const passwordStepUp =
          !input.data.stepUpGrant && !input.data.passkeyResponse && input.data.digest === bundle.digest;
        if (
          passwordStepUp &&
          (await hasStanding({ code: proposal.code, digest: bundle.digest, userId: user.id }))
        ) {
          throw alreadyRatified(proposal.code);
        }
        // The passkey's challenge must commit to the digest the dialog sent; the stale check below then
        // refuses a digest that is no longer the bundle's.
        const proof = await verifyStepUp({
          account: { ...user, roles: options.actor.roles },
          password: input.data.password,
          stepUpGrant: input.data.stepUpGrant,
          context: options.context,
          ratify: {
            proposal: proposal.code,
            digest: input.data.digest,
            passkeyResponse: input.data.passkeyResponse,
          },
        });
        if (input.data.digest !== bundle.digest) {
          throw new DomainError(
            'STALE_DIGEST',
            `The dialog showed digest ${input.data.digest.slice(0, 12)}, but the bundle is now ${bundle.digest.slice(0, 12)}. Reopen the proposal and review it again.`,
          );
        }
        const registered = await controlPlane.proposal.findUnique({ where: { code: proposal.code } });
        // Separation of duties needs to know who prepared it; an unknown proposer is a refusal, never a pass.
        if (!registered?.proposedById) {
          throw new DomainError(
            'PROPOSER_REQUIRED',
            `No one is recorded as having prepared ${proposal.code}, so it cannot be told apart from its ratifier. An administrator records the proposer with: npm run gate -- users set-proposer --email <proposer-email> --proposal ${proposal.code}`,
          );
        }
        if (registered.proposedById === user.id) {
          throw new DomainError(
            'SELF_RATIFICATION',
            `You prepared ${proposal.code}, so another approver must ratify it.`,
          );
        }
        const rehearsal = await readRehearsalEffect({ bundle });
        if (rehearsal.blocker) throw new DomainError(rehearsal.blocker.code, rehearsal.blocker.sentence);
        if (await hasStanding({ code: proposal.code, digest: bundle.digest, userId: user.id })) {
          throw alreadyRatified(proposal.code);
        }
        return writeBoth({
          bundle,
          actor: options.actor,
          context: options.context,
          user,
          level,
          requestId: input.data.requestId,
          proof,
        });
      },
    });
  });
}

async function hasStanding(options: { code: string; digest: string; userId: string }): Promise<boolean> {
  const standing = await getControlPlane().ratification.findFirst({
    where: {
      proposalCode: options.code,
      bundleDigest: options.digest,
      approverId: options.userId,
      revokedAt: null,
    },
  });
  return standing !== null;
}

function alreadyRatified(code: string): DomainError {
  return new DomainError(
    'ALREADY_RATIFIED',
    `You have already ratified ${code} at this digest; one ratification per approver counts.`,
  );
}

async function replayOf(
  ratification: { id: string; approverId: string; approvalRowId: string },
  actor: Actor,
): Promise<RatifyResult> {
  if (ratification.approverId !== actor.id) {
    throw new DomainError(
      'INVALID_INPUT',
      'This request id belongs to another ratification; reopen the dialog.',
    );
  }
  return { ratificationId: ratification.id, approvalRowId: ratification.approvalRowId, replay: true };
}

async function writeBoth(options: {
  bundle: Bundle;
  actor: Actor;
  context: RequestContext;
  user: { id: string; email: string };
  level: string;
  requestId: string;
  proof: StepUpProof;
}): Promise<RatifyResult> {
  const { bundle, user, proof } = options;
  const passkey = proof.stepUp === 'passkey' ? proof : null;
  const { proposal } = bundle.manifest;
  const ratificationId = randomUUID();
  const production = resolveEnvironment({ name: 'production' });
  const client: pg.PoolClient = await getTargetPool(production.ratifyUrl ?? production.url).connect();
  let productionCommitted = false;
  let approvalRowId = '';
  try {
    await client.query('BEGIN');
    try {
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO public.${proposal.approvalsTable}
           (proposal_code, approver, approver_level, bundle_digest, ratification_id, rehearsal)
         VALUES ($1, $2, $3, $4, $5, false) RETURNING id`,
        [proposal.code, user.email, options.level, bundle.digest, ratificationId],
      );
      approvalRowId = inserted.rows[0]?.id as string;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw alreadyRatified(proposal.code);
      throw error;
    }
    await getControlPlane().$transaction(
      async (tx) => {
        await tx.ratification.create({
          data: {
            id: ratificationId,
            proposalCode: proposal.code,
            approverId: user.id,
            approverLevel: options.level as 'L1' | 'L2' | 'L3' | 'L4',
            bundleDigest: bundle.digest,
            requestId: options.requestId,
            approvalRowId,
            stepUp: proof.stepUp,
            passkeyId: passkey?.passkeyId ?? null,
            passkeyEvidence: passkey?.evidence ?? Prisma.DbNull,
          },
        });
        await appendAuditEvent(tx, {
          kind: 'proposal.ratify',
          data: {
            ratificationId,
            approvalRowId,
            level: options.level,
            replay: false,
            stepUp: proof.stepUp,
            ...(passkey && { passkey: passkey.evidence }),
          },
          actor: options.actor,
          context: options.context,
          target: `proposal:${proposal.code}`,
          digest: bundle.digest,
          outcome: 'success',
        });
        await client.query('COMMIT');
        productionCommitted = true;
      },
      { maxWait: 60_000, timeout: 60_000 },
    );
    return { ratificationId, approvalRowId, replay: false };
  } catch (error) {
    if (!productionCommitted) {
      await client.query('ROLLBACK').catch(() => {});
    } else {
      await compensate({ options, approvalRowId, why: (error as Error).message });
    }
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const replayed = await getControlPlane().ratification.findUnique({
        where: { requestId: options.requestId },
      });
      if (replayed) return replayOf(replayed, options.actor);
      throw alreadyRatified(proposal.code);
    }
    throw error;
  } finally {
    client.release();
  }
}

/** Production committed but the control plane did not: take production's row back out, and say so. */
async function compensate(args: {
  options: { bundle: Bundle; actor: Actor; context: RequestContext };
  approvalRowId: string;
  why: string;
}): Promise<void> {
  const { bundle, actor, context } = args.options;
  const production = resolveEnvironment({ name: 'production' });
  await getTargetPool(production.ratifyUrl ?? production.url).query(
    `DELETE FROM public.${bundle.manifest.proposal.approvalsTable} WHERE id = $1`,
    [args.approvalRowId],
  );
  await getControlPlane().$transaction((tx) =>
    appendAuditEvent(tx, {
      kind: 'ratification.compensated',
      data: { approvalRowId: args.approvalRowId, why: args.why },
      actor,
      context,
      target: `proposal:${bundle.manifest.proposal.code}`,
      digest: bundle.digest,
      outcome: 'failed',
      reason: 'the control plane did not commit, so the production row was removed',
    }),
  );
}
