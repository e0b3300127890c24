import 'server-only';
import { type DomainError, isDomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { AuditEventBody } from '@/lib/server/audit/event-kinds';
import { storableText } from '@/lib/server/audit/storable-text';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';

/** Refusals often quote what was refused, which may be anything a person typed. */
const LIMITS = { target: 500, digest: 128, reason: 2000, data: 500 };

function storable(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value, LIMITS.data);
  if (Array.isArray(value)) return value.map(storable);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [storableText(key, LIMITS.data), storable(inner)]),
  );
}

type RefusalMeta = AuditEventBody & {
  actor: Actor;
  context: RequestContext;
  target: string;
  digest?: string | null;
};

/** Refusals already written to the log, so an outer auditRefusals does not record the same refusal twice. */
const recorded = new WeakSet<DomainError>();

/**
 * Records a domain refusal as an audit event in its own transaction (the
 * refused change itself was rolled back). What it stores is made storable
 * first, so recording a refusal of hostile input cannot fail and turn that
 * refusal into a server error. Recording the same refusal again does nothing.
 */
export async function recordRefusal(meta: RefusalMeta, refusal: DomainError): Promise<void> {
  if (recorded.has(refusal)) return;
  await getControlPlane().$transaction(
    (tx) =>
      appendAuditEvent(tx, {
        ...meta,
        data: storable(meta.data),
        target: storableText(meta.target, LIMITS.target),
        digest: meta.digest == null ? meta.digest : storableText(meta.digest, LIMITS.digest),
        outcome: 'refused',
        code: refusal.code,
        reason: storableText(refusal.message, LIMITS.reason),
      } as Parameters<typeof appendAuditEvent>[1]),
    { maxWait: 30_000, timeout: 30_000 },
  );
  recorded.add(refusal);
}

/** Runs a state-changing operation and records any domain refusal it ends in before passing it on. */
export async function auditRefusals<T>(meta: RefusalMeta, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDomainError(error)) await recordRefusal(meta, error);
    throw error;
  }
}
