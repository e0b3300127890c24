// No 'server-only': the offline verifier reads statements with these schemas.
import { z } from 'zod';
import { passkeyEvidenceSchema } from '@/lib/server/passkeys/passkey-evidence';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const RATIFICATION_PREDICATE_TYPE = 'https://one-roof.dev/ratification/v1';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const isoTime = z.iso.datetime({ offset: true });

const ratificationSchema = z.strictObject({
  id: z.string().min(1),
  approver: z.strictObject({ id: z.string().min(1), email: z.string(), name: z.string() }),
  level: z.string(),
  ratifiedAt: isoTime,
  stepUp: z.enum(['password', 'sso', 'passkey']),
  /** The WebAuthn assertion and the key it verifies with; null for a password or single sign-on step-up. */
  passkey: passkeyEvidenceSchema.nullable(),
});

const revocationSchema = z.strictObject({
  ratificationId: z.string().min(1),
  revokedAt: isoTime,
  revokedBy: z.string().nullable(),
  reason: z.string().nullable(),
});

/** The predicate of https://one-roof.dev/ratification/v1, documented field by field in docs/attestation.md. */
export const ratificationPredicateSchema = z.strictObject({
  proposal: z.strictObject({ code: z.string().min(1), title: z.string(), proposer: z.string().nullable() }),
  policy: z.strictObject({ quorum: z.number().int().min(1), ratifyingLevels: z.array(z.string()).min(1) }),
  /** Ratifications at the subject's digest that are not revoked. */
  standing: z.number().int().min(0),
  ratifications: z.array(ratificationSchema),
  revocations: z.array(revocationSchema),
  attestedAt: isoTime,
});

export const ratificationStatementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.tuple([z.strictObject({ name: z.string().min(1), digest: z.strictObject({ sha256 }) })]),
  predicateType: z.literal(RATIFICATION_PREDICATE_TYPE),
  predicate: ratificationPredicateSchema,
});

export type RatificationStatement = z.infer<typeof ratificationStatementSchema>;

export const dsseEnvelopeSchema = z.strictObject({
  payloadType: z.string(),
  payload: z.base64(),
  signatures: z.array(z.strictObject({ keyid: z.string(), sig: z.base64() })).min(1),
});

export type DsseEnvelope = z.infer<typeof dsseEnvelopeSchema>;
