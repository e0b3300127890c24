import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { verifyPassword } from '@/lib/server/auth/hash-password';
import { getControlPlane } from '@/lib/server/db/control-plane';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter an email address.'),
  password: z.string().min(1, 'Enter your password.').max(1024),
});

/**
 * Checks a password sign-in. Every failure is audited; the fifth failure in
 * fifteen minutes locks the account for fifteen minutes (audited too). A
 * locked, disabled or unknown account gets the same answer as a wrong
 * password, except that a locked account is told it is locked.
 */
export async function signInWithPassword(options: {
  email: string;
  password: string;
  context: RequestContext;
}): Promise<{ id: string; email: string; name: string }> {
  const input = credentialsSchema.safeParse(options);
  if (!input.success)
    throw new DomainError('INVALID_INPUT', input.error.issues[0]?.message ?? 'Invalid sign-in.');
  const { email, password } = input.data;
  const controlPlane = getControlPlane();
  const user = await controlPlane.user.findUnique({
    where: { email },
    include: { roles: { where: { revokedAt: null } } },
  });
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? null);
  const now = new Date();
  const actor: Actor = user
    ? { id: user.id, label: user.email, roles: user.roles.map((g) => ({ role: g.role, level: g.level })) }
    : { id: null, label: email, roles: [] };

  if (user?.lockedUntil && user.lockedUntil > now) {
    await controlPlane.$transaction((tx) =>
      appendAuditEvent(tx, {
        kind: 'auth.sign_in_failed',
        data: { email, why: 'locked' },
        actor,
        context: options.context,
        target: `user:${email}`,
        outcome: 'refused',
        reason: `locked until ${user.lockedUntil?.toISOString()}`,
      }),
    );
    throw new DomainError(
      'ACCOUNT_LOCKED',
      `This account is locked until ${user.lockedUntil.toISOString()}.`,
    );
  }
  if (user && passwordOk && !user.disabledAt) {
    await controlPlane.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { lockedUntil: null } });
      await appendAuditEvent(tx, {
        kind: 'auth.signed_in',
        data: { method: 'password' },
        actor,
        context: options.context,
        target: `user:${email}`,
        outcome: 'success',
      });
    });
    return { id: user.id, email: user.email, name: user.name };
  }

  const why = !user ? 'unknown email' : user.disabledAt ? 'disabled' : 'wrong password';
  const locked = await controlPlane.$transaction(
    async (tx) => {
      await appendAuditEvent(tx, {
        kind: 'auth.sign_in_failed',
        data: { email, why },
        actor,
        context: options.context,
        target: `user:${email}`,
        outcome: 'refused',
        reason: why,
      });
      if (!user || user.disabledAt) return null;
      const since = new Date(Math.max(now.getTime() - FAILURE_WINDOW_MS, user.lockedUntil?.getTime() ?? 0));
      const failures = await tx.auditEvent.count({
        where: {
          kind: 'auth.sign_in_failed',
          actorId: user.id,
          createdAt: { gt: since },
          reason: 'wrong password',
        },
      });
      if (failures < MAX_FAILURES) return null;
      const until = new Date(now.getTime() + LOCK_MS);
      await tx.user.update({ where: { id: user.id }, data: { lockedUntil: until } });
      await appendAuditEvent(tx, {
        kind: 'auth.locked',
        data: { until: until.toISOString(), failures },
        actor,
        context: options.context,
        target: `user:${email}`,
        outcome: 'success',
        reason: `${failures} failed sign-ins within 15 minutes`,
      });
      return until;
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
  if (locked)
    throw new DomainError(
      'ACCOUNT_LOCKED',
      `Too many failed sign-ins: locked until ${locked.toISOString()}.`,
    );
  throw new DomainError('WRONG_PASSWORD', 'The email or password is wrong.');
}
