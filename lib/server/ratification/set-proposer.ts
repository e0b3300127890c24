import 'server-only';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { requirePermission } from '@/lib/server/auth/require-permission';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { emailSchema } from '@/lib/server/users/user-input';

/** Records who prepared the proposal: that person may never ratify it. */
export async function setProposer(options: {
  actor: Actor;
  context: RequestContext;
  proposalCode: string;
  email: string;
}): Promise<void> {
  await requirePermission({ actor: options.actor, context: options.context, permission: 'users.manage' });
  const email = emailSchema.safeParse(options.email);
  if (!email.success) throw new DomainError('INVALID_INPUT', `email ${email.error.issues[0]?.message}`);
  const controlPlane = getControlPlane();
  const user = await controlPlane.user.findUnique({ where: { email: email.data } });
  if (!user) throw new DomainError('NOT_FOUND', `There is no user ${email.data}.`);
  const updated = await controlPlane.proposal.updateMany({
    where: { code: options.proposalCode },
    data: { proposedById: user.id },
  });
  if (updated.count === 0)
    throw new DomainError('NOT_FOUND', `There is no proposal ${options.proposalCode}.`);
}
