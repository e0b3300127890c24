import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { emailSchema, levelSchema, roleSchema } from '@/lib/server/users/user-input';

const inputSchema = z
  .object({ email: emailSchema, role: roleSchema, level: levelSchema.optional() })
  .refine((input) => (input.role === 'approver') === (input.level !== undefined), {
    message: 'an approver needs a level (L1–L4), and only an approver has one',
    path: ['level'],
  });

/** Grants a role; an approver grant carries its level. Re-granting replaces the level. */
export async function grantRole(options: {
  actor: Actor;
  context: RequestContext;
  email: string;
  role: string;
  level?: string;
}): Promise<void> {
  await authorize({ actor: options.actor, context: options.context, permission: 'users.manage' });
  const input = parseInput(inputSchema, options);
  const { email, role, level } = input;
  await getControlPlane().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new DomainError('NOT_FOUND', `There is no user ${email}.`);
    const now = new Date();
    await tx.roleGrant.updateMany({
      where: { userId: user.id, role, revokedAt: null },
      data: { revokedAt: now, revokedBy: options.actor.label },
    });
    await tx.roleGrant.create({
      data: { userId: user.id, role, level: level ?? null, grantedBy: options.actor.label },
    });
    await appendAuditEvent(tx, {
      kind: 'role.granted',
      data: { email, role, level: level ?? null },
      actor: options.actor,
      context: options.context,
      target: `user:${email}`,
      outcome: 'success',
    });
  });
}
