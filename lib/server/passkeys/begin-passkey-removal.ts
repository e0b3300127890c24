import 'server-only';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { passkeyRequestOptions } from '@/lib/server/passkeys/passkey-request-options';
import { type RelyingParty, relyingParty } from '@/lib/server/passkeys/relying-party';
import {
  PASSKEY_CHALLENGE_TTL_MS,
  storePasskeyChallenge,
} from '@/lib/server/passkeys/store-passkey-challenge';

/** No fields: whose passkeys they are comes from the session, never from the form. */
export const beginPasskeyRemovalInput = z.object({});

/**
 * Starts removing a passkey: a challenge that one of the person's passkeys
 * must sign. Without it, a stolen session would remove every passkey and
 * ratify with the password again.
 */
export async function beginPasskeyRemoval(options: {
  actor: Actor;
  context: RequestContext;
  relyingParty?: RelyingParty;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  await authorize({ ...options, permission: 'passkey.manage' });
  const rp = options.relyingParty ?? (await relyingParty());
  const userId = options.actor.id ?? '';
  const passkeys = await getControlPlane().passkey.findMany({ where: { userId } });
  if (passkeys.length === 0) throw new DomainError('NOT_FOUND', 'You have no passkey to remove.');
  const stepUp = await passkeyRequestOptions({ rpId: rp.rpId, passkeys, timeout: PASSKEY_CHALLENGE_TTL_MS });
  await storePasskeyChallenge({ userId, challenge: stepUp.challenge, intent: 'remove' });
  return stepUp;
}
