import 'server-only';
import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from '@simplewebauthn/server';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { checkPasswordAttempt } from '@/lib/server/auth/check-password-attempt';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { RelyingParty } from '@/lib/server/passkeys/relying-party';

export type ManagementStepUp = 'passkey' | 'password' | 'sso';

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
  const controlPlane = getControlPlane();
  const user = await controlPlane.user.findUnique({
    where: { id: options.actor.id ?? '' },
    include: { passkeys: true },
  });
  if (!user) throw new DomainError('FORBIDDEN', 'Only a person with an account manages passkeys.');
  if (user.passkeys.length > 0) {
    const passkey = user.passkeys.find((candidate) => candidate.credentialId === options.assertion?.id);
    if (!options.assertion || !passkey) {
      throw new DomainError(
        'STEP_UP_REQUIRED',
        'You already have a passkey: confirm with one of your passkeys (a password is not enough) to add or remove one.',
      );
    }
    const verification = await verifyAuthenticationResponse({
      response: options.assertion,
      expectedChallenge: options.challenge,
      expectedOrigin: options.relyingParty.origin,
      expectedRPID: options.relyingParty.rpId,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
      },
      requireUserVerification: true,
    }).catch((error: Error) => {
      throw new DomainError(
        'PASSKEY_REJECTED',
        `Your passkey's confirmation did not verify: ${error.message}`,
      );
    });
    if (!verification.verified)
      throw new DomainError('PASSKEY_REJECTED', "Your passkey's confirmation did not verify.");
    // Conditional on the counter read: two uses of one signature cannot both advance it.
    const advanced = await controlPlane.passkey.updateMany({
      where: { id: passkey.id, counter: passkey.counter },
      data: { counter: BigInt(verification.authenticationInfo.newCounter), lastUsedAt: new Date() },
    });
    if (advanced.count !== 1)
      throw new DomainError('PASSKEY_REJECTED', 'That passkey confirmation was already used.');
    return 'passkey';
  }
  if (options.stepUpGrant) {
    const consumed = await controlPlane.$executeRaw`
      UPDATE step_up_grants SET consumed_at = now()
      WHERE id = ${options.stepUpGrant}::uuid AND user_id = ${user.id}::uuid
        AND granted_at IS NOT NULL AND consumed_at IS NULL AND expires_at > now()`;
    if (consumed === 1) return 'sso';
    throw new DomainError(
      'STEP_UP_REQUIRED',
      'The single sign-on confirmation has expired or was already used: confirm again, then add the passkey.',
    );
  }
  if (user.passwordHash === null) {
    throw new DomainError(
      'STEP_UP_REQUIRED',
      'Your account signs in with single sign-on: confirm with single sign-on before adding a passkey.',
    );
  }
  if (!options.password) {
    throw new DomainError('STEP_UP_REQUIRED', 'Enter your password to confirm it is you adding a passkey.');
  }
  await checkPasswordAttempt({
    email: user.email,
    password: options.password,
    account: { ...user, roles: options.actor.roles },
    context: options.context,
    purpose: 'step-up',
  });
  return 'password';
}
