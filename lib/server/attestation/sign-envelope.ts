import 'server-only';
import { sign } from 'node:crypto';
import {
  type DsseEnvelope,
  IN_TOTO_PAYLOAD_TYPE,
  type RatificationStatement,
} from '@/lib/server/attestation/attestation-statement';
import { preAuthEncoding } from '@/lib/server/attestation/pre-auth-encoding';
import { canonicalJson } from '@/lib/server/audit/canonical-json';
import { loadSigningKey, type SigningKey } from '@/lib/server/signing/load-signing-key';

/**
 * Wraps a statement in a DSSE envelope signed with the server's Ed25519 key.
 * The keyid is the key's fingerprint: it names the key to look up, it does not
 * vouch for it, so a verifier still needs the public key from elsewhere.
 */
export function signEnvelope(options: { statement: RatificationStatement; key?: SigningKey }): DsseEnvelope {
  const key = options.key ?? loadSigningKey();
  const payload = Buffer.from(canonicalJson(options.statement), 'utf8');
  const sig = sign(null, preAuthEncoding({ payloadType: IN_TOTO_PAYLOAD_TYPE, payload }), key.privateKey);
  return {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: key.fingerprint, sig: sig.toString('base64') }],
  };
}
