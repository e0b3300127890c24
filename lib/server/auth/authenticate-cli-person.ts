import 'server-only';
import { z } from 'zod';
import { DomainError, isDomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { checkSignInPassword } from '@/lib/server/auth/check-sign-in-password';
import { loadActor } from '@/lib/server/auth/load-actor';
import { hashPersonalToken, isPersonalTokenShaped } from '@/lib/server/auth/personal-token-format';
import { getControlPlane } from '@/lib/server/db/control-plane';

const inputSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(1024).nullable(),
  token: z.string().max(200).nullable(),
});

/**
 * Proves that the CLI acts for the person named by --as: their password (read
 * from stdin) or one of their own personal tokens, unexpired and unrevoked.
 * A person without a password hash never passes by password. Every failure
 * is audited as a failed sign-in; a wrong password counts toward the lockout
 * the app applies, under the same reason.
 */
export async function authenticateCliPerson(options: {
  email: string;
  password: string | null;
  token: string | null;
  context: RequestContext;
}): Promise<Actor> {
  const input = inputSchema.safeParse(options);
  if (!input.success)
    return refuse(options, String(options.email).slice(0, 254), null, 'malformed credentials');
  const { email, password, token } = input.data;
  const controlPlane = getControlPlane();
  const user = await controlPlane.user.findUnique({ where: { email } });
  if (password === null && token === null) return refuse(options, email, user?.id ?? null, 'no credentials');
  if (user?.lockedUntil && user.lockedUntil > new Date()) return refuse(options, email, user.id, 'locked');

  if (password !== null) {
    // The app's own password check: throttled and audited like a sign-in, and never passed without a hash.
    try {
      await checkSignInPassword({ email, password, context: options.context });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      throw new DomainError('UNAUTHENTICATED', `${failedSentence(email)} (${error.headline})`);
    }
  } else {
    const found = isPersonalTokenShaped(token as string)
      ? await controlPlane.personalToken.findUnique({
          where: { tokenHash: hashPersonalToken(token as string) },
        })
      : null;
    if (!user || !found || found.userId !== user.id || found.revokedAt || found.expiresAt <= new Date())
      return refuse(options, email, user?.id ?? null, 'bad token');
    await controlPlane.personalToken.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
  }
  const actor = await loadActor({ userId: (user as { id: string }).id });
  if (!actor) return refuse(options, email, user?.id ?? null, 'disabled');
  return actor;
}

async function refuse(
  options: { context: RequestContext },
  email: string,
  userId: string | null,
  why: string,
): Promise<never> {
  await getControlPlane().$transaction((tx) =>
    appendAuditEvent(tx, {
      kind: 'auth.sign_in_failed',
      data: { email, why },
      actor: { id: userId, label: email, roles: [] },
      context: options.context,
      target: `user:${email}`,
      outcome: 'refused',
      reason: why,
    }),
  );
  throw new DomainError(
    'UNAUTHENTICATED',
    why === 'no credentials'
      ? `Prove you are ${email}: pipe your password with --password-stdin, or set GATE_TOKEN to a personal token from Settings → Tokens in the app.`
      : failedSentence(email),
  );
}

function failedSentence(email: string): string {
  return `Could not sign in as ${email} with the password or GATE_TOKEN given (or the account is locked or disabled).`;
}
