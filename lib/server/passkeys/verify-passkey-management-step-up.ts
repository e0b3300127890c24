import 'server-only';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { verifyGrantOrPassword } from '@/lib/server/auth/verify-grant-or-password';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { RelyingParty } from '@/lib/server/passkeys/relying-party';
import { verifyPasskeyAssertion } from '@/lib/server/passkeys/verify-passkey-assertion';

export type ManagementStepUp = 'passkey' | 'password' | 'sso';

const refusals = {
  grantSpent:
    'The single sign-on confirmation has expired or was already used: confirm again, then add the passkey.',
  ssoOnly: 'Your account signs in with single sign-on: confirm with single sign-on before adding a passkey.',
  noPassword: {
    code: 'STEP_UP_REQUIRED',
    sentence: 'Enter your password to confirm it is you adding a passkey.',
  },
} as const;

/**
 * Proves that the person, not just their session, is adding or removing a
 * passkey. Someone who holds a passkey must sign the challenge with one:
 * otherwise a stolen session and password would swap in the thief's own
 * passkey and ratify with it. Someone who holds none confirms as a ratify
 * step-up does: a fresh single sign-on grant, else the throttled password.
 */
export async function verifyPasskeyManagementStepUp(options: {
  actor: Actor;
  context: RequestContext;
  relyingParty: RelyingParty;
  challenge: string;
  password?: string | undefined;
  stepUpGrant?: string | undefined;
  assertion?: AuthenticationResponseJSON | undefined;
}): Promise<ManagementStepUp> {
  const user = await getControlPlane().user.findUnique({
    where: { id: options.actor.id ?? '' },
    include: { passkeys: true },
  });
  if (!user) throw new DomainError('FORBIDDEN', 'Only a person with an account manages passkeys.');
  if (user.passkeys.length === 0) {
    return verifyGrantOrPassword({ ...options, account: { ...user, roles: options.actor.roles }, refusals });
  }
  const passkey = user.passkeys.find((candidate) => candidate.credentialId === options.assertion?.id);
  if (!options.assertion || !passkey) {
    throw new DomainError(
      'STEP_UP_REQUIRED',
      'You already have a passkey: confirm with one of your passkeys (a password is not enough) to add or remove one.',
    );
  }
  await verifyPasskeyAssertion({
    passkey,
    response: options.assertion,
    challenge: options.challenge,
    relyingParty: options.relyingParty,
    refused: (problem) => `Your passkey's confirmation did not verify: ${problem}`,
    raced: 'That passkey confirmation was already used.',
  });
  return 'passkey';
}
