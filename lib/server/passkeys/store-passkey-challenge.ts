import 'server-only';
import { getControlPlane } from '@/lib/server/db/control-plane';

/** Long enough to find and touch an authenticator, short enough that a leaked challenge soon dies. */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60_000;

export type PasskeyIntent = 'register' | 'remove';

/**
 * Keeps a passkey-management challenge for one person and one intent. Such
 * challenges share the table's purpose 'register' (passkey management); the
 * intent in the preimage keeps a removal's challenge from registering.
 */
export async function storePasskeyChallenge(options: {
  userId: string;
  challenge: string;
  intent: PasskeyIntent;
}): Promise<void> {
  const controlPlane = getControlPlane();
  // Challenges a day past their expiry answer nothing; the audit log keeps what they were used for.
  await controlPlane.webauthnChallenge.deleteMany({
    where: {
      userId: options.userId,
      purpose: 'register',
      expiresAt: { lt: new Date(Date.now() - 86_400_000) },
    },
  });
  await controlPlane.webauthnChallenge.create({
    data: {
      userId: options.userId,
      purpose: 'register',
      challenge: options.challenge,
      preimage: { intent: options.intent },
      expiresAt: new Date(Date.now() + PASSKEY_CHALLENGE_TTL_MS),
    },
  });
}
