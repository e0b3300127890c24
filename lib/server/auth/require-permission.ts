import 'server-only';
import { isDomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { assertPermission, type Permission } from '@/lib/server/auth/permissions';
import { getControlPlane } from '@/lib/server/db/control-plane';

/** assertPermission, with the refusal recorded as an audit event before it is passed on. */
export async function requirePermission(options: {
  actor: Actor;
  context: RequestContext;
  permission: Permission;
}): Promise<void> {
  try {
    assertPermission(options.actor, options.permission);
  } catch (error) {
    if (isDomainError(error)) {
      await getControlPlane().$transaction((tx) =>
        appendAuditEvent(tx, {
          kind: 'access.denied',
          data: { permission: options.permission },
          actor: options.actor,
          context: options.context,
          target: `permission:${options.permission}`,
          outcome: 'refused',
          reason: error.message,
        }),
      );
    }
    throw error;
  }
}
