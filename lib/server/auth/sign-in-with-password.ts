import 'server-only';
import { z } from 'zod';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { RequestContext } from '@/lib/server/auth/actor';
import { checkSignInPassword } from '@/lib/server/auth/check-sign-in-password';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';

// Caps apply to the raw input, before anything is trimmed, hashed, looked up or audited.
const credentialsSchema = z.object({
  email: z.string().max(254, 'Enter an email address.').trim().toLowerCase().email('Enter an email address.'),
  password: z.string().min(1, 'Enter your password.').max(1024, 'The password is too long.'),
});

/**
 * Checks a password sign-in through the throttled, constant-work check; a
 * locked, disabled, password-less or unknown account gets the same answer as
 * a wrong password.
 */
export async function signInWithPassword(options: {
  email: string;
  password: string;
  context: RequestContext;
}): Promise<{ id: string; email: string; name: string }> {
  const { email, password } = parseInput(credentialsSchema, options);
  const { user: signedIn, roles } = await checkSignInPassword({ email, password, context: options.context });
  await getControlPlane().$transaction(async (tx) => {
    await tx.user.update({ where: { id: signedIn.id }, data: { lockedUntil: null } });
    await appendAuditEvent(tx, {
      kind: 'auth.signed_in',
      data: { method: 'password' },
      actor: { id: signedIn.id, label: signedIn.email, roles },
      context: options.context,
      target: `user:${email}`,
      outcome: 'success',
    });
  });
  return { id: signedIn.id, email: signedIn.email, name: signedIn.name };
}
