import 'server-only';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { emailSchema } from '@/lib/server/users/user-input';

/** Disables or re-enables a person; a disabled person's open sessions are refused on their next request. */
export async function setUserDisabled(options: {
  actor: Actor;
  context: RequestContext;
  email: string;
  disabled: boolean;
}): Promise<void> {
  await authorize({ actor: options.actor, context: options.context, permission: 'users.manage' });
  const email = emailSchema.safeParse(options.email);
  if (!email.success) throw new DomainError('INVALID_INPUT', `email ${email.error.issues[0]?.message}`);
  await getControlPlane().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.data } });
    if (!user) throw new DomainError('NOT_FOUND', `There is no user ${email.data}.`);
    await tx.user.update({
      where: { id: user.id },
      data: { disabledAt: options.disabled ? new Date() : null },
    });
    await appendAuditEvent(tx, {
      kind: options.disabled ? 'user.disabled' : 'user.enabled',
      data: { email: user.email },
      actor: options.actor,
      context: options.context,
      target: `user:${user.email}`,
      outcome: 'success',
    });
  });
}
