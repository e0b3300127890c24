import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { emailSchema, roleSchema } from '@/lib/server/users/user-input';

const inputSchema = z.object({ email: emailSchema, role: roleSchema });

/** Revokes a role (marked, never deleted); it stops counting on the person's next request. */
export async function revokeRole(options: {
  actor: Actor;
  context: RequestContext;
  email: string;
  role: string;
}): Promise<void> {
  await authorize({ actor: options.actor, context: options.context, permission: 'users.manage' });
  const input = parseInput(inputSchema, options);
  const { email, role } = input;
  await getControlPlane().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new DomainError('NOT_FOUND', `There is no user ${email}.`);
    const revoked = await tx.roleGrant.updateMany({
      where: { userId: user.id, role, revokedAt: null },
      data: { revokedAt: new Date(), revokedBy: options.actor.label },
    });
    if (revoked.count === 0) throw new DomainError('NOT_FOUND', `${email} does not hold the ${role} role.`);
    await appendAuditEvent(tx, {
      kind: 'role.revoked',
      data: { email, role },
      actor: options.actor,
      context: options.context,
      target: `user:${email}`,
      outcome: 'success',
    });
  });
}
