import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { hashPassword } from '@/lib/server/auth/hash-password';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { emailSchema, passwordSchema } from '@/lib/server/users/user-input';

const inputSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, 'must not be empty').max(200),
  password: passwordSchema.optional(),
});

/** Adds a person. Without a password they can only sign in through SSO. */
export async function createUser(options: {
  actor: Actor;
  context: RequestContext;
  email: string;
  name: string;
  password?: string;
}): Promise<{ id: string; email: string }> {
  await authorize({ actor: options.actor, context: options.context, permission: 'users.manage' });
  const input = parseInput(inputSchema, options);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return getControlPlane().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email } })) {
      throw new DomainError('INVALID_INPUT', `A user with email ${input.email} already exists.`);
    }
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash },
    });
    const { actor, context } = options;
    const data = { email: user.email, name: user.name };
    await appendAuditEvent(tx, {
      kind: 'user.created',
      data,
      actor,
      context,
      target: `user:${user.email}`,
      outcome: 'success',
    });
    return { id: user.id, email: user.email };
  });
}
