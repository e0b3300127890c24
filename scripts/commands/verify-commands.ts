import type { RatificationCheck } from '@/lib/server/audit/check-ratification-event';

const short = (value: string | null) => (value ? `${value.slice(0, 12)}…` : 'none');

/** One line per ratification: who, which credential, which digest, and whether the signature holds. */
export function describeRatification(check: RatificationCheck): string {
  const who = `ratification ${check.ratificationId ?? '?'} (event ${check.seq}) by ${check.approver}`;
  if (check.outcome === 'no-passkey') {
    const how = check.stepUp ? `${check.stepUp} step-up` : 'password or single sign-on step-up';
    return `${who}: ${how} at digest ${short(check.digest)}, no passkey signature to verify`;
  }
  const credential = `passkey credential ${check.credentialId ?? '?'}`;
  if (check.outcome === 'passkey-verified')
    return `${who}: ${credential} signed digest ${check.digest} — signature verified`;
  return `FAILED ${who}: ${credential}, check "${check.failed}": ${check.problem}`;
}

/**
 * Verifies a downloaded attestation with the public key in the file given, prints each ratification, and says
 * whether the whole holds; false when any check failed.
 */
export async function verifyAttestationFile(options: {
  file: string;
  publicKeyFile: string;
}): Promise<boolean> {
  const { createPublicKey } = await import('node:crypto');
  const { readFile } = await import('node:fs/promises');
  const { verifyAttestationEnvelope } = await import('@/lib/server/attestation/verify-attestation-envelope');
  const { DomainError } = await import('@/lib/errors');
  const read = async (file: string) =>
    readFile(file, 'utf8').catch((error: Error) => {
      throw new DomainError('NOT_FOUND', `${file} cannot be read: ${error.message}`);
    });
  const [text, pem] = await Promise.all([read(options.file), read(options.publicKeyFile)]);
  let envelope: unknown;
  let publicKey: import('node:crypto').KeyObject;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new DomainError(
      'INVALID_INPUT',
      `${options.file} is not JSON; save the attestation as the route returns it.`,
    );
  }
  try {
    publicKey = createPublicKey(pem);
  } catch {
    throw new DomainError('INVALID_INPUT', `${options.publicKeyFile} is not a PEM public key.`);
  }
  const result = await verifyAttestationEnvelope({ envelope, publicKey });
  for (const entry of result.ratifications ?? []) {
    const what =
      entry.outcome === 'passkey-verified'
        ? `passkey credential ${entry.credentialId} signature verified`
        : entry.outcome === 'no-passkey'
          ? `${entry.stepUp} step-up, no passkey signature to verify`
          : `FAILED check "${entry.failed}": ${entry.problem}`;
    console.log(`ratification ${entry.id} by ${entry.approver}: ${what}`);
  }
  if (!result.ok) {
    console.log(`NOT VERIFIED (${result.failed}): ${result.problem}`);
    return false;
  }
  const { subject, predicate } = result.statement;
  console.log(
    `verified: signed by key ${result.keyid}; ${predicate.proposal.code} at ${subject[0].name} sha256:${subject[0].digest.sha256}, ${predicate.standing} standing of quorum ${predicate.policy.quorum}`,
  );
  return true;
}
