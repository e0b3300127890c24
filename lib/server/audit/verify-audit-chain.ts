import 'server-only';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditEventPages } from '@/lib/server/audit/audit-event-pages';
import { getAuditReadPool } from '@/lib/server/audit/audit-read-pool';
import { ChainVerifier, type VerifyResult } from '@/lib/server/audit/verify-events';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';

const CHAIN_TARGET = 'audit:chain';

/**
 * Recomputes the whole stored chain against the head and records that it was
 * verified. The result describes the chain as read, before the verification's
 * own event is appended.
 */
export async function verifyAuditChain(options: {
  actor: Actor;
  context: RequestContext;
}): Promise<VerifyResult> {
  const { actor, context } = options;
  // A refused verification is recorded as access denied: an 'audit.verified' event would have to claim a result.
  await authorize({ actor, context, permission: 'audit.read', target: CHAIN_TARGET });
  const result = await verifyStoredChain();
  await getControlPlane().$transaction(
    (tx) =>
      appendAuditEvent(tx, {
        kind: 'audit.verified',
        data: { intact: result.intact, events: result.events },
        actor,
        context,
        target: CHAIN_TARGET,
        outcome: 'success',
        reason: result.firstBroken
          ? `first broken event: seq ${result.firstBroken.seq}: ${result.firstBroken.problem}`
          : null,
      }),
    { maxWait: 30_000, timeout: 30_000 },
  );
  return result;
}

/**
 * One read-only snapshot for head and events, so an append in between cannot
 * look like tampering; the snapshot holds no lock that appends need. The
 * events come a page at a time and are checked as they come, in constant memory.
 */
async function verifyStoredChain(): Promise<VerifyResult> {
  const client = await getAuditReadPool().connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const heads = await client.query<{ seq: string; hash: string }>(
      'SELECT seq::text AS seq, hash FROM audit_head WHERE id = 1',
    );
    const verifier = new ChainVerifier(heads.rows[0] ?? null);
    for await (const page of auditEventPages({ client })) {
      for (const event of page) verifier.push(event);
    }
    await client.query('COMMIT');
    return verifier.finish();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
