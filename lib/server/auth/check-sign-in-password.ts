import 'server-only';
import type { User } from '@/lib/generated/prisma/client';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { checkPasswordAttempt } from '@/lib/server/auth/check-password-attempt';
import { getControlPlane } from '@/lib/server/db/control-plane';

/**
 * The person an email names, with their live roles, once the throttled,
 * audited password check has passed; an unknown email is checked all the
 * same and refused like a wrong password.
 */
export async function checkSignInPassword(options: {
  email: string;
  password: string;
  context: RequestContext;
}): Promise<{ user: User; roles: Actor['roles'] }> {
  const user = await getControlPlane().user.findUnique({
    where: { email: options.email },
    include: { roles: { where: { revokedAt: null } } },
  });
  const roles = user?.roles.map((grant) => ({ role: grant.role, level: grant.level })) ?? [];
  await checkPasswordAttempt({ ...options, account: user ? { ...user, roles } : null, purpose: 'sign-in' });
  // checkPasswordAttempt refuses an unknown email, so a user is here.
  return { user: user as User, roles };
}
