import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { PasskeyEvidence } from '@/lib/server/passkeys/passkey-evidence';
import { type RatifyChallengePreimage, ratifyChallenge } from '@/lib/server/passkeys/ratify-challenge';

/** A credential key pair and its COSE public key, as an authenticator would register it. */
export type TestCredential = {
  id: string;
  privateKey: KeyObject;
  cose: Uint8Array;
  algorithm: 'ES256' | 'EdDSA';
};

export function makeCredential(algorithm: 'ES256' | 'EdDSA' = 'ES256'): TestCredential {
  const id = randomBytes(16).toString('base64url');
  if (algorithm === 'EdDSA') {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([
      [1, 1],
      [3, -8],
      [-1, 6],
      [-2, Buffer.from(jwk.x as string, 'base64url')],
    ]);
    return { id, privateKey, cose: isoCBOR.encode(cose), algorithm };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, Buffer.from(jwk.x as string, 'base64url')],
    [-3, Buffer.from(jwk.y as string, 'base64url')],
  ]);
  return { id, privateKey, cose: isoCBOR.encode(cose), algorithm };
}

export const RP = { rpId: 'localhost', origin: 'http://localhost:3103' };

/**
 * A WebAuthn assertion over the ratify challenge, made the way an authenticator makes it, with knobs for the
 * attacks: the flags byte, the client data's fields, and the key that signs.
 */
export function assertRatification(options: {
  credential: TestCredential;
  preimage: RatifyChallengePreimage;
  flags?: number;
  clientData?: Partial<{ type: string; challenge: string; origin: string }>;
  rpIdHashOf?: string;
  signWith?: KeyObject;
}): PasskeyEvidence {
  const { credential, preimage } = options;
  const clientDataJSON = Buffer.from(
    JSON.stringify({
      type: 'webauthn.get',
      challenge: ratifyChallenge(preimage),
      origin: RP.origin,
      crossOrigin: false,
      ...options.clientData,
    }),
  );
  const rpIdHash = createHash('sha256')
    .update(options.rpIdHashOf ?? RP.rpId)
    .digest();
  // UP (0x01) and UV (0x04) by default; the counter is 1.
  const authenticatorData = Buffer.concat([
    rpIdHash,
    Buffer.from([options.flags ?? 0x05]),
    Buffer.from([0, 0, 0, 1]),
  ]);
  const signed = Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]);
  const key = options.signWith ?? credential.privateKey;
  const signature = credential.algorithm === 'EdDSA' ? sign(null, signed, key) : sign('sha256', signed, key);
  return {
    credentialId: credential.id,
    publicKey: Buffer.from(credential.cose).toString('base64url'),
    authenticatorData: authenticatorData.toString('base64url'),
    clientDataJSON: clientDataJSON.toString('base64url'),
    signature: signature.toString('base64url'),
    userHandle: null,
    rpId: RP.rpId,
    origin: RP.origin,
    challenge: preimage,
  };
}

export function preimageFor(options: {
  proposal: string;
  digest: string;
  approverId: string;
}): RatifyChallengePreimage {
  return { purpose: 'one-roof/ratify/v1', ...options, nonce: randomBytes(18).toString('base64url') };
}
