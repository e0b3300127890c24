import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { changeUser, type UserChangeRequest } from '@/lib/server/users/change-user';
import { emailSchema, roleSchema } from '@/lib/server/users/user-input';

export const revokeRoleInput = z.object({ email: emailSchema, role: roleSchema });

/** Revokes a role (marked, never deleted); it stops counting on the person's next request. */
export async function revokeRole(options: UserChangeRequest<{ email: string; role: string }>): Promise<void> {
  await changeUser(options, revokeRoleInput, async (tx, user, { email, role }) => {
    const revoked = await tx.roleGrant.updateMany({
      where: { userId: user.id, role, revokedAt: null },
      data: { revokedAt: new Date(), revokedBy: options.actor.label },
    });
    if (revoked.count === 0) throw new DomainError('NOT_FOUND', `${email} does not hold the ${role} role.`);
    return { kind: 'role.revoked', data: { email, role } };
  });
}
