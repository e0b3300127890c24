import 'server-only';
import type { Actor } from '@/lib/server/auth/actor';
import type { RoleName } from '@/lib/server/auth/roles';

/**
 * The one map from roles to permissions. `administrator` is the CLI run by
 * whoever holds the database credentials; `system` is the app itself at first
 * start. Neither can ratify: only a person can.
 */
export const rolePermissions = {
  approver: ['proposal.ratify', 'proposal.revoke', 'audit.read', 'approval.void', 'passkey.manage'],
  owner: ['structure.authorize', 'audit.read', 'drift.resolve'],
  operator: ['tier.apply', 'clone.reset', 'audit.read'],
  auditor: ['audit.read', 'audit.export'],
  viewer: [],
  administrator: ['users.manage'],
  system: ['clone.reset'],
} as const satisfies Record<RoleName, readonly string[]>;

/** Every permission is named in the map above: a name no role holds would be a permission nobody can use. */
export type Permission = (typeof rolePermissions)[RoleName][number];

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.roles.some((grant) =>
    (rolePermissions[grant.role] as readonly Permission[]).includes(permission),
  );
}
