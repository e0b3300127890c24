import 'server-only';
import { DomainError } from '@/lib/errors';
import type { RequestContext } from '@/lib/server/auth/actor';
import { checkPasswordAttempt, type PasswordAccount } from '@/lib/server/auth/check-password-attempt';
import { getControlPlane } from '@/lib/server/db/control-plane';

/**
 * The step-up before a ratification: a single sign-on re-authentication
 * granted moments ago (used once), or the password, checked and throttled
 * exactly as a sign-in is. An account without a password has only the first.
 */
export async function verifyStepUp(options: {
  account: PasswordAccount;
  password: string;
  stepUpGrant?: string | undefined;
  context: RequestContext;
}): Promise<void> {
  const { account } = options;
  if (options.stepUpGrant) {
    // One statement: of two requests presenting the same grant, exactly one consumes it.
    const consumed = await getControlPlane().$executeRaw`
      UPDATE step_up_grants SET consumed_at = now()
      WHERE id = ${options.stepUpGrant}::uuid AND user_id = ${account.id}::uuid
        AND granted_at IS NOT NULL AND consumed_at IS NULL AND expires_at > now()`;
    if (consumed === 1) return;
    throw new DomainError(
      'STEP_UP_REQUIRED',
      'The single sign-on confirmation has expired or was already used: re-authenticate again, then ratify.',
    );
  }
  if (account.passwordHash === null) {
    throw new DomainError(
      'STEP_UP_REQUIRED',
      'Your account signs in with single sign-on, so no password is accepted: re-authenticate with single sign-on in this dialog.',
    );
  }
  if (!options.password) throw new DomainError('INVALID_INPUT', 'Enter your password again.');
  await checkPasswordAttempt({
    email: account.email,
    password: options.password,
    account,
    context: options.context,
    purpose: 'step-up',
  });
}
