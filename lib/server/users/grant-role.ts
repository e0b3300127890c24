import 'server-only';
import { z } from 'zod';
import { changeUser, type UserChangeRequest } from '@/lib/server/users/change-user';
import { emailSchema, levelSchema, roleSchema } from '@/lib/server/users/user-input';

export const grantRoleInput = z
  .object({ email: emailSchema, role: roleSchema, level: levelSchema.optional() })
  .refine((input) => (input.role === 'approver') === (input.level !== undefined), {
    message: 'an approver needs a level (L1–L4), and only an approver has one',
    path: ['level'],
  });

/** Grants a role; an approver grant carries its level. Re-granting replaces the level. */
export async function grantRole(
  options: UserChangeRequest<{ email: string; role: string; level?: string }>,
): Promise<void> {
  await changeUser(options, grantRoleInput, async (tx, user, { email, role, level }) => {
    const by = options.actor.label;
    await tx.roleGrant.updateMany({
      where: { userId: user.id, role, revokedAt: null },
      data: { revokedAt: new Date(), revokedBy: by },
    });
    await tx.roleGrant.create({ data: { userId: user.id, role, level: level ?? null, grantedBy: by } });
    return { kind: 'role.granted', data: { email, role, level: level ?? null } };
  });
}
