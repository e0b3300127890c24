import 'server-only';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { loadSigningKey } from '@/lib/server/signing/load-signing-key';

/**
 * The server's public signing key, for a verifier to save and compare with a
 * fingerprint published out of band (it is the DSSE keyid). Fetching it from
 * the server that signed is convenient, not proof: the fingerprint check is.
 */
export async function describeSigningKey(options: { actor: Actor; context: RequestContext }) {
  await authorize({ ...options, permission: 'audit.read' });
  const key = loadSigningKey();
  return {
    name: key.name,
    algorithm: 'ed25519' as const,
    keyid: key.fingerprint,
    publicKeyPem: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicKeyRaw: key.publicKeyRaw.toString('base64'),
  };
}
