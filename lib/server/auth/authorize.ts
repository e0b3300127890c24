import 'server-only';
import { DomainError } from '@/lib/errors';
import { recordRefusal } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { hasPermission, type Permission } from '@/lib/server/auth/permissions';

/**
 * The one permission check. A refusal is recorded as `access.denied` naming
 * the permission and what was asked for, then thrown as FORBIDDEN; an
 * enclosing auditRefusals does not record it a second time.
 */
export async function authorize(options: {
  actor: Actor;
  context: RequestContext;
  permission: Permission;
  /** What the refused request was about, e.g. `proposal:APR-BOOT-AUTHMODEL-1`; defaults to the permission. */
  target?: string;
}): Promise<void> {
  const { actor, context, permission } = options;
  if (hasPermission(actor, permission)) return;
  const roles = actor.roles.map((grant) => grant.role).join(', ') || 'no role';
  const refusal = new DomainError(
    'FORBIDDEN',
    `${actor.label} (${roles}) does not have the ${permission} permission.`,
    { permission },
  );
  await recordRefusal(
    {
      kind: 'access.denied',
      data: { permission },
      actor,
      context,
      target: options.target ?? `permission:${permission}`,
    },
    refusal,
  );
  throw refusal;
}
