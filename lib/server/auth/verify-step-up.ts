import 'server-only';
import { type AppEnv, readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import type { RequestContext } from '@/lib/server/auth/actor';
import { checkPasswordAttempt, type PasswordAccount } from '@/lib/server/auth/check-password-attempt';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { type PasskeyProof, verifyRatifyAssertion } from '@/lib/server/passkeys/verify-ratify-assertion';

export type StepUpProof = { stepUp: 'password' } | { stepUp: 'sso' } | ({ stepUp: 'passkey' } & PasskeyProof);

/**
 * The step-up before a ratification: a single sign-on re-authentication
 * granted moments ago (used once), or the password, checked and throttled
 * exactly as a sign-in is. An account without a password has only the first.
 * When ratifying, RATIFY_STEP_UP also admits (passkey, either) or demands
 * (passkey, for whoever has one) an assertion by the approver's passkey
 * whose challenge commits to the proposal and digest.
 */
export async function verifyStepUp(options: {
  account: PasswordAccount;
  password: string;
  stepUpGrant?: string | undefined;
  context: RequestContext;
  ratify?: { proposal: string; digest: string; passkeyResponse?: string | undefined };
  env?: AppEnv;
}): Promise<StepUpProof> {
  const { account, ratify } = options;
  if (ratify) {
    const policy = (options.env ?? readEnv()).RATIFY_STEP_UP;
    if (ratify.passkeyResponse) {
      if (policy === 'password') {
        throw new DomainError(
          'STEP_UP_REQUIRED',
          'This gate ratifies with a password or single sign-on only (RATIFY_STEP_UP=password): confirm it is you that way.',
        );
      }
      const proof = await verifyRatifyAssertion({
        userId: account.id,
        proposal: ratify.proposal,
        digest: ratify.digest,
        response: ratify.passkeyResponse,
        env: options.env,
      });
      return { stepUp: 'passkey', ...proof };
    }
    if (
      policy === 'passkey' &&
      (await getControlPlane().passkey.count({ where: { userId: account.id } })) > 0
    ) {
      throw new DomainError(
        'PASSKEY_REQUIRED',
        'You have a passkey, so your ratification must be signed with it: confirm with your passkey, not a password or single sign-on.',
      );
    }
  }
  if (options.stepUpGrant) {
    // One statement: of two requests presenting the same grant, exactly one consumes it.
    const consumed = await getControlPlane().$executeRaw`
      UPDATE step_up_grants SET consumed_at = now()
      WHERE id = ${options.stepUpGrant}::uuid AND user_id = ${account.id}::uuid
        AND granted_at IS NOT NULL AND consumed_at IS NULL AND expires_at > now()`;
    if (consumed === 1) return { stepUp: 'sso' };
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
  return { stepUp: 'password' };
}
