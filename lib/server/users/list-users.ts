import 'server-only';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';

export async function listUsers(options: { actor: Actor; context: RequestContext }) {
  await authorize({ ...options, permission: 'users.manage' });
  const users = await getControlPlane().user.findMany({
    orderBy: { email: 'asc' },
    include: { roles: { where: { revokedAt: null }, orderBy: { role: 'asc' } } },
  });
  return users.map((user) => ({
    email: user.email,
    name: user.name,
    disabled: user.disabledAt !== null,
    lockedUntil: user.lockedUntil,
    sso: user.passwordHash === null,
    roles: user.roles.map((grant) => (grant.level ? `${grant.role}:${grant.level}` : grant.role)),
  }));
}
