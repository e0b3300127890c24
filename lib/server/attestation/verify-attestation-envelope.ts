// No 'server-only' and no database: `npm run gate -- verify-attestation` runs this on a downloaded envelope.
import { createHash, type KeyObject, verify } from 'node:crypto';
import {
  dsseEnvelopeSchema,
  IN_TOTO_PAYLOAD_TYPE,
  type RatificationStatement,
  ratificationStatementSchema,
} from '@/lib/server/attestation/attestation-statement';
import { preAuthEncoding } from '@/lib/server/attestation/pre-auth-encoding';
import { type PasskeyCheck, verifyPasskeyEvidence } from '@/lib/server/audit/verify-passkey-evidence';

export type AttestedRatification = {
  id: string;
  approver: string;
  stepUp: string;
  credentialId: string | null;
} & (
  | { outcome: 'passkey-verified' }
  | { outcome: 'no-passkey' }
  | { outcome: 'failed'; failed: PasskeyCheck; problem: string }
);

export type AttestationVerification =
  | { ok: true; keyid: string; statement: RatificationStatement; ratifications: AttestedRatification[] }
  | {
      ok: false;
      failed: 'envelope' | 'payload-type' | 'keyid' | 'signature' | 'statement' | 'ratification';
      problem: string;
      ratifications?: AttestedRatification[];
    };

/**
 * Verifies an attestation with a public key obtained out of band: the DSSE
 * signature over the payload's PAE bytes with that Ed25519 key (the envelope's
 * keyid must be that key's fingerprint, so a key swapped in along with the
 * envelope is named as such), the in-toto statement's shape, then every
 * ratification's passkey evidence against the subject's digest.
 */
export async function verifyAttestationEnvelope(options: {
  envelope: unknown;
  publicKey: KeyObject;
}): Promise<AttestationVerification> {
  const envelope = dsseEnvelopeSchema.safeParse(options.envelope);
  if (!envelope.success)
    return { ok: false, failed: 'envelope', problem: describeIssue(envelope.error.issues[0]) };
  const { payloadType, signatures } = envelope.data;
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE)
    return {
      ok: false,
      failed: 'payload-type',
      problem: `payloadType is ${payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}`,
    };
  if (options.publicKey.asymmetricKeyType !== 'ed25519')
    return { ok: false, failed: 'keyid', problem: 'the public key given is not an Ed25519 key' };
  const raw = options.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const keyid = createHash('sha256').update(raw).digest('hex');
  const signature = signatures.find((entry) => entry.keyid === keyid);
  if (!signature) {
    const named = signatures.map((entry) => entry.keyid || '(none)').join(', ');
    return {
      ok: false,
      failed: 'keyid',
      problem: `no signature by key ${keyid}; the envelope names ${named}`,
    };
  }
  const payload = Buffer.from(envelope.data.payload, 'base64');
  const signed = preAuthEncoding({ payloadType, payload });
  if (!verify(null, signed, options.publicKey, Buffer.from(signature.sig, 'base64')))
    return { ok: false, failed: 'signature', problem: `the signature by key ${keyid} does not verify` };

  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return { ok: false, failed: 'statement', problem: 'the payload is not JSON' };
  }
  const statement = ratificationStatementSchema.safeParse(json);
  if (!statement.success)
    return { ok: false, failed: 'statement', problem: describeIssue(statement.error.issues[0]) };
  const { subject, predicate } = statement.data;
  const digest = subject[0].digest.sha256;
  const ratifications: AttestedRatification[] = [];
  for (const ratification of predicate.ratifications) {
    const base = {
      id: ratification.id,
      approver: ratification.approver.email,
      stepUp: ratification.stepUp,
      credentialId: ratification.passkey?.credentialId ?? null,
    };
    if (!ratification.passkey && ratification.stepUp !== 'passkey') {
      ratifications.push({ ...base, outcome: 'no-passkey' });
      continue;
    }
    const result = await verifyPasskeyEvidence({
      proposal: predicate.proposal.code,
      digest,
      approverId: ratification.approver.id,
      evidence: ratification.passkey,
    });
    ratifications.push(
      result.ok
        ? { ...base, outcome: 'passkey-verified' }
        : { ...base, outcome: 'failed', failed: result.failed, problem: result.problem },
    );
  }
  const broken = ratifications.find((entry) => entry.outcome === 'failed');
  if (broken)
    return {
      ok: false,
      failed: 'ratification',
      problem: `ratification ${broken.id} by ${broken.approver} does not hold`,
      ratifications,
    };
  return { ok: true, keyid, statement: statement.data, ratifications };
}

function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  return `${issue?.path.map(String).join('.') || 'the envelope'}: ${issue?.message ?? 'is invalid'}`;
}
