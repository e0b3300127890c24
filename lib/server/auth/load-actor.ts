import 'server-only';
import type { Actor } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';

/**
 * The actor for a user id, read from the control plane on every request: a
 * disabled user or a revoked role takes effect on the very next action.
 */
export async function loadActor(options: { userId: string }): Promise<Actor | null> {
  const user = await getControlPlane().user.findUnique({
    where: { id: options.userId },
    include: { roles: { where: { revokedAt: null }, orderBy: { role: 'asc' } } },
  });
  if (!user || user.disabledAt) return null;
  return {
    id: user.id,
    label: user.email,
    roles: user.roles.map((grant) => ({ role: grant.role, level: grant.level })),
  };
}
