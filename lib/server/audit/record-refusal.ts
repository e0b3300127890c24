import 'server-only';
import { isDomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { AuditEventBody } from '@/lib/server/audit/event-kinds';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';

/**
 * Runs a state-changing operation and, if the domain refuses it, records the
 * refusal as an audit event in its own transaction (the refused change itself
 * was rolled back) before passing the refusal on.
 */
export async function auditRefusals<T>(
  meta: AuditEventBody & { actor: Actor; context: RequestContext; target: string; digest?: string | null },
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDomainError(error)) {
      await getControlPlane().$transaction(
        (tx) =>
          appendAuditEvent(tx, {
            ...meta,
            outcome: 'refused',
            reason: `${error.code}: ${error.message}`,
          } as Parameters<typeof appendAuditEvent>[1]),
        { maxWait: 30_000, timeout: 30_000 },
      );
    }
    throw error;
  }
}
