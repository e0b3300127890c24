import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { toExportedEvent } from '@/lib/server/audit/to-exported-event';
import { type VerifyResult, verifyEvents } from '@/lib/server/audit/verify-events';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
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
    // One snapshot for events and head, so an append in between cannot look like tampering.
    const { rows, head } = await controlPlane.$transaction(
      async (tx) => ({
        rows: await tx.auditEvent.findMany({ orderBy: { seq: 'asc' } }),
        head: await tx.auditHead.findUnique({ where: { id: 1 } }),
      }),
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, maxWait: 30_000, timeout: 60_000 },
    );
    const result = verifyEvents({
      events: rows.map(toExportedEvent),
      head: head ? { seq: String(head.seq), hash: head.hash } : null,
    });
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
