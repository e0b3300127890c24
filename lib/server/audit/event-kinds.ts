import 'server-only';
import { z } from 'zod';
import { passkeyEvidenceSchema } from '@/lib/server/passkeys/passkey-evidence';

const textOrNull = z.string().nullable();
const runRef = { runId: z.string(), environment: z.string() };

/** Every kind of audit event and the shape of its data. Adding a kind means adding it here. */
export const auditEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('access.denied'), data: z.object({ permission: z.string() }) }),
  z.object({ kind: z.literal('auth.signed_in'), data: z.object({ method: z.enum(['password', 'oidc']) }) }),
  z.object({
    kind: z.literal('auth.sign_in_failed'),
    data: z.object({ email: z.string(), why: z.string() }),
  }),
  z.object({ kind: z.literal('auth.locked'), data: z.object({ until: z.string(), failures: z.number() }) }),
  z.object({ kind: z.literal('user.created'), data: z.object({ email: z.string(), name: z.string() }) }),
  z.object({ kind: z.literal('user.disabled'), data: z.object({ email: z.string() }) }),
  z.object({ kind: z.literal('user.enabled'), data: z.object({ email: z.string() }) }),
  z.object({
    kind: z.literal('role.granted'),
    data: z.object({ email: z.string(), role: z.string(), level: textOrNull }),
  }),
  z.object({ kind: z.literal('role.revoked'), data: z.object({ email: z.string(), role: z.string() }) }),
  z.object({
    kind: z.literal('proposal.ratify'),
    data: z.object({
      ratificationId: textOrNull,
      approvalRowId: textOrNull,
      level: textOrNull,
      replay: z.boolean().default(false),
      stepUp: z.enum(['password', 'sso', 'passkey']).optional(),
      passkey: passkeyEvidenceSchema.optional(),
    }),
  }),
  z.object({ kind: z.literal('proposal.revoke'), data: z.object({ ratificationId: z.string() }) }),
  z.object({
    kind: z.literal('ratification.compensated'),
    data: z.object({ approvalRowId: z.string(), why: z.string() }),
  }),
  z.object({
    kind: z.literal('structure.authorize'),
    data: z.object({ authorizationId: textOrNull }),
  }),
  z.object({
    kind: z.literal('run.started'),
    data: z.object({ ...runRef, runKind: z.string(), tiers: z.array(z.number()) }),
  }),
  z.object({
    kind: z.literal('tier.applied'),
    data: z.object({
      ...runRef,
      tier: z.number(),
      gapBefore: z.number(),
      gapAfter: z.number(),
      rowsAffected: z.number(),
      approvalRowId: textOrNull,
      ratificationId: textOrNull,
    }),
  }),
  z.object({ kind: z.literal('tier.skipped'), data: z.object({ ...runRef, tier: z.number() }) }),
  z.object({
    kind: z.literal('run.finished'),
    data: z.object({ ...runRef, status: z.string(), code: textOrNull }),
  }),
  z.object({
    kind: z.literal('audit.exported'),
    data: z.object({ format: z.enum(['json', 'csv']), events: z.number() }),
  }),
  z.object({
    kind: z.literal('audit.verified'),
    data: z.object({ intact: z.boolean(), events: z.number() }),
  }),
  z.object({
    kind: z.literal('drift.detected'),
    data: z.object({
      environment: z.string(),
      fromId: z.number(),
      toId: z.number(),
      entries: z.number(),
      mismatchedTiers: z.array(z.object({ tier: z.number(), stored: textOrNull, recomputed: z.string() })),
    }),
  }),
  z.object({ kind: z.literal('tier.applying'), data: z.object({ ...runRef, tier: z.number() }) }),
  z.object({
    kind: z.literal('tier.reconciled'),
    data: z.object({
      ...runRef,
      tier: z.number(),
      bundleDigest: z.string(),
      appliedAt: z.string(),
      intentSeq: textOrNull,
    }),
  }),
  z.object({
    kind: z.literal('auth.sign_in_failures_summarized'),
    data: z.object({
      source: z.string(),
      windowStart: z.string(),
      windowEnd: z.string(),
      failures: z.number(),
      unaudited: z.number(),
    }),
  }),
  z.object({
    kind: z.literal('user.sso_linked'),
    data: z.object({ email: z.string(), subject: z.string() }),
  }),
  z.object({
    kind: z.literal('auth.step_up_granted'),
    data: z.object({ method: z.literal('oidc'), authTime: z.string() }),
  }),
  z.object({
    kind: z.literal('approval.voided'),
    data: z.object({
      approvalRowId: z.string(),
      ratificationId: textOrNull,
      approver: textOrNull,
      level: textOrNull,
      writtenBy: textOrNull,
    }),
  }),
  z.object({
    kind: z.literal('token.created'),
    data: z.object({ tokenId: textOrNull, name: z.string(), expiresAt: textOrNull }),
  }),
  z.object({ kind: z.literal('token.revoked'), data: z.object({ tokenId: z.string() }) }),
  z.object({
    kind: z.literal('proposal.proposer_set'),
    data: z.object({ email: z.string(), previousEmail: textOrNull }),
  }),
  z.object({ kind: z.literal('input.refused'), data: z.object({ input: z.string() }) }),
  z.object({
    kind: z.literal('run.interrupted'),
    data: z.object({
      ...runRef,
      lastHeartbeatAt: z.string(),
      applied: z.array(z.number()),
      interrupted: z.array(z.number()),
      notRun: z.array(z.number()),
      ledgerRead: z.boolean(),
    }),
  }),
  z.object({
    kind: z.literal('run.resumed'),
    data: z.object({
      ...runRef,
      lastHeartbeatAt: z.string(),
      deadPid: z.number(),
      deadHost: z.string(),
      tiers: z.array(z.number()),
    }),
  }),
  z.object({
    kind: z.literal('passkey.registered'),
    data: z.object({
      passkeyId: textOrNull,
      name: z.string(),
      credentialId: textOrNull,
      stepUp: z.enum(['passkey', 'password', 'sso']).nullable(),
    }),
  }),
  z.object({
    kind: z.literal('passkey.renamed'),
    data: z.object({ passkeyId: z.string(), name: z.string(), previousName: textOrNull }),
  }),
  z.object({
    kind: z.literal('passkey.removed'),
    data: z.object({
      passkeyId: z.string(),
      name: textOrNull,
      credentialId: textOrNull,
    }),
  }),
  z.object({
    kind: z.literal('drift.acknowledged'),
    data: z.object({
      environment: z.string(),
      acknowledgementId: textOrNull,
      upToDriftId: textOrNull,
      entries: z.number(),
      tierHashes: z.array(z.object({ tier: z.number(), hash: z.string() })),
    }),
  }),
  z.object({
    kind: z.literal('drift.reapplied'),
    data: z.object({
      environment: z.string(),
      tier: z.number(),
      runId: textOrNull,
      resolved: z.number(),
    }),
  }),
]);

export type AuditEventBody = z.infer<typeof auditEventSchema>;
export type AuditKind = AuditEventBody['kind'];
export type AuditOutcome = 'success' | 'refused' | 'failed';
