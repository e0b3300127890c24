import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { emailSchema } from '@/lib/server/users/user-input';

const inputSchema = z.object({
  email: z.string().max(254).pipe(emailSchema),
  subject: z.string().trim().min(1, 'the subject is empty').max(255, 'the subject is too long'),
});

/**
 * Links an existing account to the single sign-on issuer's subject, so that
 * the person may sign in either way. Without this, a single sign-on login
 * whose email matches a password account is refused: the issuer alone may not
 * take over an account the gate created.
 */
export async function linkSsoSubject(options: {
  actor: Actor;
  context: RequestContext;
  email: string;
  subject: string;
}): Promise<void> {
  await authorize({ actor: options.actor, context: options.context, permission: 'users.manage' });
  const input = inputSchema.safeParse(options);
  if (!input.success)
    throw new DomainError('INVALID_INPUT', input.error.issues.map((i) => i.message).join(' '));
  const { email, subject } = input.data;
  await getControlPlane().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new DomainError('NOT_FOUND', `There is no user ${email}.`);
    const holder = await tx.user.findUnique({ where: { oidcSubject: subject } });
    if (holder && holder.id !== user.id)
      throw new DomainError('INVALID_INPUT', `The subject ${subject} is already linked to ${holder.email}.`);
    await tx.user.update({ where: { id: user.id }, data: { oidcSubject: subject } });
    await appendAuditEvent(tx, {
      kind: 'user.sso_linked',
      data: { email, subject },
      actor: options.actor,
      context: options.context,
      target: `user:${email}`,
      outcome: 'success',
      reason: user.oidcSubject ? `replaces subject ${user.oidcSubject}` : null,
    });
  });
}
