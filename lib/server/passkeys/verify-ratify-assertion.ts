import 'server-only';
import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from '@simplewebauthn/server';
import { type AppEnv, readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { type PasskeyEvidence, passkeyEvidenceSchema } from '@/lib/server/passkeys/passkey-evidence';
import { ratifyChallengePreimageSchema } from '@/lib/server/passkeys/ratify-challenge';
import { relyingParty } from '@/lib/server/passkeys/relying-party';
import { authenticationResponseSchema, challengeOf } from '@/lib/server/passkeys/webauthn-responses';

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
  let newCounter: number;
  try {
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
      },
      requireUserVerification: true,
    });
    if (!verification.verified) throw new Error('the signature does not verify');
    newCounter = verification.authenticationInfo.newCounter;
  } catch (error) {
    throw new DomainError(
      'PASSKEY_REJECTED',
      `Your passkey's answer was refused (${(error as Error).message}). Try again; your authenticator must verify it is you (PIN or biometric).`,
    );
  }
  // Conditional on the counter read: of two uses racing with one credential, one loses.
  const updated = await controlPlane.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: BigInt(newCounter), lastUsedAt: new Date() },
  });
  if (updated.count !== 1) {
    throw new DomainError(
      'PASSKEY_REJECTED',
      'This passkey was used for something else at the same moment; try again.',
    );
  }
  return {
    passkeyId: passkey.id,
    passkeyName: passkey.name,
    evidence: passkeyEvidenceSchema.parse({
      credentialId: passkey.credentialId,
      publicKey: Buffer.from(passkey.publicKey).toString('base64url'),
      authenticatorData: response.response.authenticatorData,
      clientDataJSON: response.response.clientDataJSON,
      signature: response.response.signature,
      userHandle: response.response.userHandle ?? null,
      rpId: rp.rpId,
      origin: rp.origin,
      challenge: preimage.data,
    }),
  };
}

function parseResponse(text: string): AuthenticationResponseJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = authenticationResponseSchema.safeParse(json);
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
      `The signature approves ${preimage.data.proposal} at digest ${preimage.data.digest.slice(0, 12)}, not ${options.proposal} at ${options.digest.slice(0, 12)}.`,
    );
  }
  return new DomainError(
    'PASSKEY_CHALLENGE_EXPIRED',
    row.consumedAt
      ? 'This passkey signature was already used once; each ratification needs a new one.'
      : 'The passkey request expired; ratify again to get a new one.',
  );
}
