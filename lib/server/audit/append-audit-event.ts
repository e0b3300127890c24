import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@/lib/generated/prisma/client';
import { type AuditEventBody, type AuditOutcome, auditEventSchema } from '@/lib/server/audit/event-kinds';
import { type HashedEvent, hashEvent } from '@/lib/server/audit/hash-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';

export type AuditEventInput = AuditEventBody & {
  actor: Actor;
  context: RequestContext;
  target: string;
  digest?: string | null;
  outcome: AuditOutcome;
  reason?: string | null;
  /** The refusal code of a refused or failed outcome; absent on every other event. */
  code?: string | null;
};

/**
 * Serializes appends. A transaction-level advisory lock, not a row lock on
 * audit_head: FOR UPDATE needs UPDATE rights there, which the app's role must
 * not have. Released at commit, after the head this append moved is visible.
 */
export const AUDIT_APPEND_LOCK_KEY = 72_710_090;

/**
 * The one way an audit event is written: inside the caller's transaction, so
 * it commits or rolls back with the change it records. Links the event to the
 * head's hash; the database's trigger on audit_events checks the link and
 * moves the head to this event.
 */
export async function appendAuditEvent(tx: Prisma.TransactionClient, input: AuditEventInput) {
  const body = auditEventSchema.parse({ kind: input.kind, data: input.data });
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_KEY}::bigint)`;
  const heads = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT seq, hash FROM audit_head WHERE id = 1`;
  const head = heads[0];
  if (!head) throw new Error('audit_head is missing: the control-plane migrations did not run');
  const event: HashedEvent = {
    seq: String(head.seq + 1n),
    id: randomUUID(),
    kind: body.kind,
    actorId: input.actor.id,
    actorLabel: input.actor.label,
    actorRoles: input.actor.roles.map((grant) => (grant.level ? `${grant.role}:${grant.level}` : grant.role)),
    target: input.target,
    digest: input.digest ?? null,
    outcome: input.outcome,
    reason: input.reason ?? null,
    requestId: input.context.requestId,
    ip: input.context.ip,
    data: body.data,
    createdAt: new Date().toISOString(),
    prevHash: head.hash,
    ...(input.code == null ? {} : { code: input.code }),
  };
  const hash = hashEvent(event);
  await tx.auditEvent.create({
    data: {
      ...event,
      seq: BigInt(event.seq),
      data: event.data as Prisma.InputJsonValue,
      createdAt: new Date(event.createdAt),
      hash,
    },
  });
  return { seq: event.seq, id: event.id, hash };
}
