import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '@/lib/server/audit/canonical-json';

/**
 * What a ratification's WebAuthn challenge commits to. The challenge the
 * authenticator signs is sha256(canonicalJson(preimage)) in base64url, so a
 * signature over it proves that this approver's authenticator approved this
 * proposal at this digest, and the nonce makes each challenge single-use.
 * Pure and free of `server-only`: the offline verifier imports it too.
 */
export const ratifyChallengePreimageSchema = z.strictObject({
  purpose: z.literal('one-roof/ratify/v1'),
  proposal: z.string().min(1).max(200),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  approverId: z.string().min(1).max(200),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/),
});

export type RatifyChallengePreimage = z.infer<typeof ratifyChallengePreimageSchema>;

export function ratifyChallenge(preimage: RatifyChallengePreimage): string {
  return createHash('sha256').update(canonicalJson(preimage)).digest('base64url');
}
