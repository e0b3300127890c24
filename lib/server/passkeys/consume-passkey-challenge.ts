import 'server-only';
import { DomainError } from '@/lib/errors';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { PasskeyIntent } from '@/lib/server/passkeys/store-passkey-challenge';

/**
 * Uses up a passkey-management challenge in one conditional statement: of two
 * requests presenting the same answer, exactly one gets past here, and only
 * for the person and intent it was issued to, before it expires.
 */
export async function consumePasskeyChallenge(options: {
  userId: string;
  challenge: string | null;
  intent: PasskeyIntent;
}): Promise<void> {
  const consumed = options.challenge
    ? await getControlPlane().$executeRaw`
        UPDATE webauthn_challenges SET consumed_at = now()
        WHERE challenge = ${options.challenge} AND user_id = ${options.userId}::uuid AND purpose = 'register'
          AND preimage->>'intent' = ${options.intent} AND consumed_at IS NULL AND expires_at > now()`
    : 0;
  if (consumed !== 1) {
    throw new DomainError(
      'PASSKEY_CHALLENGE_EXPIRED',
      'This passkey request was not issued to you, was already used, or is more than five minutes old: start again.',
    );
  }
}
