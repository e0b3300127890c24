import 'server-only';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { Prisma } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import type { StepUpProof } from '@/lib/server/auth/verify-step-up';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { withTargetTransaction } from '@/lib/server/db/with-target-transaction';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { alreadyRatified } from '@/lib/server/ratification/already-ratified';
import { compensateRatification } from '@/lib/server/ratification/compensate-ratification';
import {
  findReplayedRatification,
  type RatifyResult,
} from '@/lib/server/ratification/find-replayed-ratification';

const UNIQUE_VIOLATION = '23505';

/**
 * Writes production's os_proposal_approvals row and the control-plane
 * ratification with its audit event as one operation: production's row is
 * inserted in an open transaction and commits as the last act of the control
 * plane's; if the control plane then fails to commit, production's row is
 * removed again. A lost race on the request id is answered as its replay.
 */
export async function writeRatification(options: {
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
  const productionUrl = production.ratifyUrl ?? production.url;
  const written = { approvalRowId: '' };
  try {
    return await withTargetTransaction(productionUrl, async ({ client, commitWithControlPlane }) => {
      const approvalRowId = await insertApprovalRow(client, { ...options, ratificationId });
      written.approvalRowId = approvalRowId;
      await commitWithControlPlane(async (tx) => {
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
      });
      return { ratificationId, approvalRowId, replay: false };
    });
  } catch (error) {
    if (written.approvalRowId) {
      await compensateRatification({
        ...options,
        productionUrl,
        approvalRowId: written.approvalRowId,
        why: (error as Error).message,
      });
    }
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const replayed = await findReplayedRatification(options);
      if (replayed) return replayed;
      throw alreadyRatified(proposal.code);
    }
    throw error;
  }
}

async function insertApprovalRow(
  client: pg.PoolClient,
  options: { bundle: Bundle; user: { email: string }; level: string; ratificationId: string },
): Promise<string> {
  const { proposal } = options.bundle.manifest;
  try {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO public.${proposal.approvalsTable}
         (proposal_code, approver, approver_level, bundle_digest, ratification_id, rehearsal)
       VALUES ($1, $2, $3, $4, $5, false) RETURNING id`,
      [proposal.code, options.user.email, options.level, options.bundle.digest, options.ratificationId],
    );
    return inserted.rows[0]?.id as string;
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw alreadyRatified(proposal.code);
    throw error;
  }
}
