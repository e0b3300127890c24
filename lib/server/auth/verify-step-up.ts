import 'server-only';
import { type AppEnv, readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import type { RequestContext } from '@/lib/server/auth/actor';
import type { PasswordAccount } from '@/lib/server/auth/check-password-attempt';
import { verifyGrantOrPassword } from '@/lib/server/auth/verify-grant-or-password';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { type PasskeyProof, verifyRatifyAssertion } from '@/lib/server/passkeys/verify-ratify-assertion';

export type StepUpProof = { stepUp: 'password' } | { stepUp: 'sso' } | ({ stepUp: 'passkey' } & PasskeyProof);

const refusals = {
  grantSpent:
    'The single sign-on confirmation has expired or was already used: re-authenticate again, then ratify.',
  ssoOnly:
    'Your account signs in with single sign-on, so no password is accepted: re-authenticate with single sign-on in this dialog.',
  noPassword: { code: 'INVALID_INPUT', sentence: 'Enter your password again.' },
} as const;

/**
 * The step-up before a ratification: a fresh single sign-on grant or the
 * password. When ratifying, RATIFY_STEP_UP also admits (passkey, either) or
 * demands (passkey, for whoever has one) an assertion by the approver's
 * passkey whose challenge commits to the proposal and digest.
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
  return { stepUp: await verifyGrantOrPassword({ ...options, refusals }) };
}
