import 'server-only';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { type AppEnv, readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { PasskeyEvidence } from '@/lib/server/passkeys/passkey-evidence';
import { passkeyEvidenceOf } from '@/lib/server/passkeys/passkey-evidence-of';
import { ratifyChallengePreimageSchema } from '@/lib/server/passkeys/ratify-challenge';
import { relyingParty } from '@/lib/server/passkeys/relying-party';
import { verifyPasskeyAssertion } from '@/lib/server/passkeys/verify-passkey-assertion';
import { authenticationResponseSchema, challengeOf } from '@/lib/server/passkeys/webauthn-responses';
import { shortDigest } from '@/lib/short-digest';

export type PasskeyProof = { passkeyId: string; passkeyName: string; evidence: PasskeyEvidence };

/**
 * Checks a ratify assertion and returns the evidence to keep. The challenge is
 * consumed first, by one conditional statement that also demands it be this
 * person's, unexpired, unused, and committed to the proposal and digest being
 * ratified; only then is the signature checked, against a credential of this
 * person, with user verification required.
 */
export async function verifyRatifyAssertion(options: {
  userId: string;
  proposal: string;
  digest: string;
  /** The browser's AuthenticationResponseJSON, as JSON text. */
  response: string;
  env?: AppEnv;
}): Promise<PasskeyProof> {
  const response = parseResponse(options.response);
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge) {
    throw new DomainError('PASSKEY_REJECTED', 'The passkey response names no challenge; try again.');
  }
  const controlPlane = getControlPlane();
  const consumed = await controlPlane.$queryRaw<{ preimage: unknown }[]>`
    UPDATE webauthn_challenges SET consumed_at = now()
    WHERE challenge = ${challenge} AND user_id = ${options.userId}::uuid AND purpose = 'ratify'
      AND consumed_at IS NULL AND expires_at > now()
      AND preimage->>'proposal' = ${options.proposal} AND preimage->>'digest' = ${options.digest}
      AND preimage->>'approverId' = ${options.userId}
    RETURNING preimage`;
  const preimage = ratifyChallengePreimageSchema.safeParse(consumed[0]?.preimage);
  if (!preimage.success) throw await whyNotConsumed({ ...options, challenge });

  const passkey = await controlPlane.passkey.findFirst({
    where: { credentialId: response.id, userId: options.userId },
  });
  if (!passkey) {
    throw new DomainError(
      'PASSKEY_REJECTED',
      'That passkey is not one of yours: use a passkey you registered.',
    );
  }
  const rp = await relyingParty({ env: options.env ?? readEnv() });
  await verifyPasskeyAssertion({
    passkey,
    response,
    challenge,
    relyingParty: rp,
    refused: (problem) =>
      `Your passkey's answer was refused (${problem}). Try again; your authenticator must verify it is you (PIN or biometric).`,
    raced: 'This passkey was used for something else at the same moment; try again.',
  });
  return {
    passkeyId: passkey.id,
    passkeyName: passkey.name,
    evidence: passkeyEvidenceOf({
      response,
      publicKey: passkey.publicKey,
      rpId: rp.rpId,
      origin: rp.origin,
      preimage: preimage.data,
    }),
  };
}

function parseResponse(text: string): AuthenticationResponseJSON {
  const parsed = authenticationResponseSchema.safeParse(text);
  if (!parsed.success) {
    throw new DomainError('INVALID_INPUT', 'The passkey response is not one a browser gives; try again.');
  }
  return parsed.data;
}

/** Read after the refusal, only to word it: the conditional update alone decided. */
async function whyNotConsumed(options: {
  userId: string;
  proposal: string;
  digest: string;
  challenge: string;
}): Promise<DomainError> {
  const row = await getControlPlane().webauthnChallenge.findFirst({
    where: { challenge: options.challenge, userId: options.userId, purpose: 'ratify' },
  });
  const preimage = ratifyChallengePreimageSchema.safeParse(row?.preimage);
  if (!row || !preimage.success) {
    return new DomainError(
      'PASSKEY_REJECTED',
      'This passkey response answers no request made to you; start again.',
    );
  }
  if (preimage.data.digest !== options.digest || preimage.data.proposal !== options.proposal) {
    return new DomainError(
      'PASSKEY_DIGEST_MISMATCH',
      `The signature approves ${preimage.data.proposal} at digest ${shortDigest(preimage.data.digest)}, not ${options.proposal} at ${shortDigest(options.digest)}.`,
    );
  }
  return new DomainError(
    'PASSKEY_CHALLENGE_EXPIRED',
    row.consumedAt
      ? 'This passkey signature was already used once; each ratification needs a new one.'
      : 'The passkey request expired; ratify again to get a new one.',
  );
}
