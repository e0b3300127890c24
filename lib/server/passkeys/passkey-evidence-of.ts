// No 'server-only': tests build evidence from a soft authenticator's answer the way the server keeps it.
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { type PasskeyEvidence, passkeyEvidenceSchema } from '@/lib/server/passkeys/passkey-evidence';
import type { RatifyChallengePreimage } from '@/lib/server/passkeys/ratify-challenge';

/** The evidence a ratification keeps: the assertion as answered, the key that checks it, and what it signed. */
export function passkeyEvidenceOf(options: {
  response: AuthenticationResponseJSON;
  /** The credential's COSE public key as registered. */
  publicKey: Uint8Array;
  rpId: string;
  origin: string;
  preimage: RatifyChallengePreimage;
}): PasskeyEvidence {
  const { response } = options;
  return passkeyEvidenceSchema.parse({
    credentialId: response.id,
    publicKey: Buffer.from(options.publicKey).toString('base64url'),
    authenticatorData: response.response.authenticatorData,
    clientDataJSON: response.response.clientDataJSON,
    signature: response.response.signature,
    userHandle: response.response.userHandle ?? null,
    rpId: options.rpId,
    origin: options.origin,
    challenge: options.preimage,
  });
}
