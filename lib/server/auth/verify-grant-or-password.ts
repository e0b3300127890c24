import 'server-only';
import { DomainError, type RefusalCode } from '@/lib/errors';
import type { RequestContext } from '@/lib/server/auth/actor';
import { checkPasswordAttempt, type PasswordAccount } from '@/lib/server/auth/check-password-attempt';
import { getControlPlane } from '@/lib/server/db/control-plane';

/** How a step-up's refusals read for what the person is confirming (ratifying, adding a passkey). */
export type GrantOrPasswordRefusals = {
  grantSpent: string;
  ssoOnly: string;
  noPassword: { code: RefusalCode; sentence: string };
};

/**
 * The step-up without a passkey: a single sign-on re-authentication granted
 * moments ago (used once), or the password, checked and throttled exactly as
 * a sign-in is. An account without a password has only the first.
 */
export async function verifyGrantOrPassword(options: {
  account: PasswordAccount;
  password?: string | undefined;
  stepUpGrant?: string | undefined;
  context: RequestContext;
  refusals: GrantOrPasswordRefusals;
}): Promise<'sso' | 'password'> {
  const { account, refusals } = options;
  if (options.stepUpGrant) {
    // One statement: of two requests presenting the same grant, exactly one consumes it.
    const consumed = await getControlPlane().$executeRaw`
      UPDATE step_up_grants SET consumed_at = now()
      WHERE id = ${options.stepUpGrant}::uuid AND user_id = ${account.id}::uuid
        AND granted_at IS NOT NULL AND consumed_at IS NULL AND expires_at > now()`;
    if (consumed === 1) return 'sso';
    throw new DomainError('STEP_UP_REQUIRED', refusals.grantSpent);
  }
  if (account.passwordHash === null) throw new DomainError('STEP_UP_REQUIRED', refusals.ssoOnly);
  if (!options.password) throw new DomainError(refusals.noPassword.code, refusals.noPassword.sentence);
  await checkPasswordAttempt({
    email: account.email,
    password: options.password,
    account,
    context: options.context,
    purpose: 'step-up',
  });
  return 'password';
}
