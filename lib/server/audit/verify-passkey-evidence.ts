// No 'server-only' and no database: the offline verifiers (verify-audit, verify-attestation) run this on a file.
import { createHash } from 'node:crypto';
import { parseAuthenticatorData, verifySignature } from '@simplewebauthn/server/helpers';
import { passkeyEvidenceSchema } from '@/lib/server/passkeys/passkey-evidence';
import { ratifyChallenge } from '@/lib/server/passkeys/ratify-challenge';

/** Each check a passkey ratification must pass, named so a failure says which one. */
export type PasskeyCheck =
  | 'evidence'
  | 'proposal'
  | 'digest'
  | 'approver'
  | 'client-data'
  | 'challenge'
  | 'origin'
  | 'rp-id'
  | 'user-present'
  | 'user-verified'
  | 'signature';

export type PasskeyEvidenceResult =
  | { ok: true; credentialId: string; rpId: string }
  | { ok: false; failed: PasskeyCheck; problem: string };

/**
 * Checks, with nothing but the evidence, that this approver's passkey approved
 * this proposal at this digest: the challenge's preimage names what the
 * ratification claims, the signed challenge is that preimage's hash, the
 * assertion was made for the recorded relying party with the person present
 * and verified, and the signature over authenticatorData || sha256(clientDataJSON)
 * verifies with the registered COSE key (ES256, EdDSA or RS256).
 */
export async function verifyPasskeyEvidence(options: {
  proposal: string;
  digest: string | null;
  approverId: string | null;
  evidence: unknown;
}): Promise<PasskeyEvidenceResult> {
  const parsed = passkeyEvidenceSchema.safeParse(options.evidence);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(
      'evidence',
      `the evidence is malformed at ${issue?.path.join('.') || 'its root'}: ${issue?.message}`,
    );
  }
  const evidence = parsed.data;
  const { challenge: preimage } = evidence;
  if (preimage.proposal !== options.proposal)
    return fail('proposal', `the challenge names proposal ${preimage.proposal}, not ${options.proposal}`);
  if (preimage.digest !== options.digest)
    return fail(
      'digest',
      `the challenge commits to digest ${preimage.digest}, not ${options.digest ?? 'none'}`,
    );
  if (preimage.approverId !== options.approverId)
    return fail(
      'approver',
      `the challenge names approver ${preimage.approverId}, not ${options.approverId ?? 'none'}`,
    );

  const clientDataBytes = Buffer.from(evidence.clientDataJSON, 'base64url');
  const clientData = readClientData(clientDataBytes);
  if (!clientData) return fail('client-data', 'clientDataJSON is not a JSON object');
  if (clientData.type !== 'webauthn.get')
    return fail('client-data', `clientDataJSON's type is ${String(clientData.type)}, not webauthn.get`);
  if (clientData.challenge !== ratifyChallenge(preimage))
    return fail('challenge', "the signed challenge is not the hash of the evidence's preimage");
  if (clientData.origin !== evidence.origin)
    return fail('origin', `the assertion was made at ${String(clientData.origin)}, not ${evidence.origin}`);

  const authenticatorData = Buffer.from(evidence.authenticatorData, 'base64url');
  let flags: { up: boolean; uv: boolean };
  let rpIdHash: Uint8Array;
  try {
    ({ flags, rpIdHash } = parseAuthenticatorData(authenticatorData));
  } catch (error) {
    return fail('evidence', `authenticatorData cannot be read: ${(error as Error).message}`);
  }
  if (!Buffer.from(rpIdHash).equals(createHash('sha256').update(evidence.rpId).digest()))
    return fail('rp-id', `authenticatorData was made for another relying party than ${evidence.rpId}`);
  if (!flags.up) return fail('user-present', 'the authenticator did not record the user as present');
  if (!flags.uv) return fail('user-verified', 'the authenticator did not record the user as verified');

  let verified = false;
  try {
    verified = await verifySignature({
      signature: Buffer.from(evidence.signature, 'base64url'),
      data: Buffer.concat([authenticatorData, createHash('sha256').update(clientDataBytes).digest()]),
      credentialPublicKey: Buffer.from(evidence.publicKey, 'base64url'),
    });
  } catch (error) {
    return fail('signature', `the signature cannot be checked: ${(error as Error).message}`);
  }
  if (!verified)
    return fail('signature', `the signature does not verify with credential ${evidence.credentialId}`);
  return { ok: true, credentialId: evidence.credentialId, rpId: evidence.rpId };
}

function readClientData(bytes: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function fail(failed: PasskeyCheck, problem: string): PasskeyEvidenceResult {
  return { ok: false, failed, problem };
}
