import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { changeUser, type UserChangeRequest } from '@/lib/server/users/change-user';
import { emailSchema } from '@/lib/server/users/user-input';

export const linkSsoSubjectInput = z.object({
  email: emailSchema,
  subject: z.string().trim().min(1, 'the subject is empty').max(255, 'the subject is too long'),
});

/**
 * Links an existing account to the single sign-on issuer's subject, so that
 * the person may sign in either way. Without this, a single sign-on login
 * whose email matches a password account is refused: the issuer alone may not
 * take over an account the gate created.
 */
export async function linkSsoSubject(
  options: UserChangeRequest<{ email: string; subject: string }>,
): Promise<void> {
  await changeUser(options, linkSsoSubjectInput, async (tx, user, { email, subject }) => {
    const holder = await tx.user.findUnique({ where: { oidcSubject: subject } });
    if (holder && holder.id !== user.id)
      throw new DomainError('INVALID_INPUT', `The subject ${subject} is already linked to ${holder.email}.`);
    await tx.user.update({ where: { id: user.id }, data: { oidcSubject: subject } });
    return {
      kind: 'user.sso_linked',
      data: { email, subject },
      reason: user.oidcSubject ? `replaces subject ${user.oidcSubject}` : null,
    };
  });
}
