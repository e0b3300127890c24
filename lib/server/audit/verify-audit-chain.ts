import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditEventPages } from '@/lib/server/audit/audit-event-pages';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { ChainVerifier, type VerifyResult } from '@/lib/server/audit/verify-events';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { getControlPlane } from '@/lib/server/db/control-plane';

const CHAIN_TARGET = 'audit:chain';
// A long chain takes a while to hash; the snapshot is read-only and holds no lock that appends need.
const VERIFY_TIMEOUT_MS = 15 * 60_000;

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
  const meta = {
    kind: 'access.denied' as const,
    data: { permission: 'audit.read' },
    actor,
    context,
    target: CHAIN_TARGET,
  };
  return auditRefusals(meta, async () => {
    assertPermission(actor, 'audit.read');
    const controlPlane = getControlPlane();
    // One read-only snapshot for head and events, so an append in between cannot look like tampering;
    // the events come a page at a time and are checked as they come, in constant memory.
    const result = await controlPlane.$transaction(
      async (tx) => {
        await tx.$executeRaw`SET TRANSACTION READ ONLY`;
        const head = await tx.auditHead.findUnique({ where: { id: 1 } });
        const verifier = new ChainVerifier(head ? { seq: String(head.seq), hash: head.hash } : null);
        for await (const page of auditEventPages({ client: tx })) {
          for (const event of page) verifier.push(event);
        }
        return verifier.finish();
      },
      {
        isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
        maxWait: 30_000,
        timeout: VERIFY_TIMEOUT_MS,
      },
    );
    await controlPlane.$transaction(
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
  });
}
