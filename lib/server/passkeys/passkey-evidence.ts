import { z } from 'zod';
import { ratifyChallengePreimageSchema } from '@/lib/server/passkeys/ratify-challenge';

const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, 'must be base64url without padding');

/**
 * Everything needed to check a passkey-signed ratification later without the
 * server: the assertion as the authenticator returned it, the credential's
 * COSE public key as registered, and the challenge's preimage. It travels in
 * the `proposal.ratify` audit event's data as `passkey`, so the hash chain,
 * the export and the attestation all carry it unchanged.
 */
export const passkeyEvidenceSchema = z.strictObject({
  credentialId: base64url.min(1).max(1366),
  /** COSE_Key bytes as registered (base64url). */
  publicKey: base64url.min(1).max(4096),
  authenticatorData: base64url.min(1).max(8192),
  clientDataJSON: base64url.min(1).max(8192),
  signature: base64url.min(1).max(4096),
  userHandle: base64url.max(128).nullable(),
  /** The relying party the assertion was made for: rpIdHash and origin are checked against these offline. */
  rpId: z.string().min(1).max(253),
  origin: z.string().min(1).max(2048),
  challenge: ratifyChallengePreimageSchema,
});

export type PasskeyEvidence = z.infer<typeof passkeyEvidenceSchema>;
