import 'server-only';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { DomainError } from '@/lib/errors';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { openPasskeyCeremony, type PasskeyCeremony } from '@/lib/server/passkeys/open-passkey-ceremony';
import { passkeyRequestOptions } from '@/lib/server/passkeys/passkey-request-options';
import {
  PASSKEY_CHALLENGE_TTL_MS,
  storePasskeyChallenge,
} from '@/lib/server/passkeys/store-passkey-challenge';

/**
 * Starts removing a passkey: a challenge that one of the person's passkeys
 * must sign. Without it, a stolen session would remove every passkey and
 * ratify with the password again.
 */
export async function beginPasskeyRemoval(
  options: PasskeyCeremony,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const rp = await openPasskeyCeremony(options);
  const userId = options.actor.id ?? '';
  const passkeys = await getControlPlane().passkey.findMany({ where: { userId } });
  if (passkeys.length === 0) throw new DomainError('NOT_FOUND', 'You have no passkey to remove.');
  const stepUp = await passkeyRequestOptions({ rpId: rp.rpId, passkeys, timeout: PASSKEY_CHALLENGE_TTL_MS });
  await storePasskeyChallenge({ userId, challenge: stepUp.challenge, intent: 'remove' });
  return stepUp;
}
