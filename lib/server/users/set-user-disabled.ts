import 'server-only';
import { z } from 'zod';
import { changeUser, type UserChangeRequest } from '@/lib/server/users/change-user';
import { emailSchema } from '@/lib/server/users/user-input';

export const setUserDisabledInput = z.object({ email: emailSchema, disabled: z.boolean() });

/** Disables or re-enables a person; a disabled person's open sessions are refused on their next request. */
export async function setUserDisabled(
  options: UserChangeRequest<{ email: string; disabled: boolean }>,
): Promise<void> {
  await changeUser(options, setUserDisabledInput, async (tx, user, { disabled }) => {
    await tx.user.update({ where: { id: user.id }, data: { disabledAt: disabled ? new Date() : null } });
    return { kind: disabled ? 'user.disabled' : 'user.enabled', data: { email: user.email } };
  });
}
