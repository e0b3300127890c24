import 'server-only';
import type { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { Prisma, User } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { AuditEventBody } from '@/lib/server/audit/event-kinds';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';

type Change = AuditEventBody & { reason?: string | null };

/** What a change to a person's account is called with: who asks, from where, and the raw fields to parse. */
export type UserChangeRequest<Fields> = { actor: Actor; context: RequestContext } & Fields;

/**
 * What every change an administrator makes to a person's account shares: the
 * users.manage check, the input parsed, the person found by email, and the
 * change committed with its audit event about that person.
 */
export async function changeUser<S extends z.ZodType<{ email: string }>>(
  options: { actor: Actor; context: RequestContext },
  schema: S,
  change: (tx: Prisma.TransactionClient, user: User, input: z.infer<S>) => Promise<Change>,
): Promise<void> {
  const { actor, context } = options;
  await authorize({ actor, context, permission: 'users.manage' });
  const input = parseInput(schema, options);
  await getControlPlane().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: input.email } });
    if (!user) throw new DomainError('NOT_FOUND', `There is no user ${input.email}.`);
    const event = await change(tx, user, input);
    await appendAuditEvent(tx, {
      ...event,
      actor,
      context,
      target: `user:${user.email}`,
      outcome: 'success',
    });
  });
}
