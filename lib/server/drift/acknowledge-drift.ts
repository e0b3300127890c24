import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { authorizeDriftChange } from '@/lib/server/drift/authorize-drift-change';
import { readDriftState } from '@/lib/server/drift/read-drift-state';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { boundedText, parseInput } from '@/lib/server/parse-input';

const tierHash = z.string().regex(/^\d{1,3}:[0-9a-f]{64}$/, 'is not a tier and a content hash');

/** The form sends the tier hashes as one comma-separated field; the domain takes them as a list. */
const commaList = (value: unknown) =>
  typeof value === 'string' && value.length <= 4096 ? value.split(',').filter(Boolean) : value;

export const acknowledgeDriftInput = z.object({
  environment: z.string().min(1).max(64),
  reason: boundedText(500).trim().min(3, 'Say why the drift is acknowledged.'),
  /** The newest drift id the owner was shown: nothing written after it is acknowledged unseen. */
  seenDriftId: z.union([z.literal(''), z.string().regex(/^[0-9]{1,19}$/, 'is not a drift id')]).default(''),
  /** `tier:hash` of each mismatched tier the owner was shown. */
  seenTierHashes: z.preprocess(commaList, z.array(tierHash).max(999)).default([]),
});

/**
 * An owner explains drift they were shown, with a reason: every unexplained drift entry up to the newest one on
 * their screen, and each mismatched tier at the content hash on their screen. Appended, never edited, with its
 * audit event in the same transaction; a refusal is audited too.
 */
export async function acknowledgeDrift(options: {
  actor: Actor;
  context: RequestContext;
  environment: string;
  reason: string;
  seenDriftId?: string;
  seenTierHashes?: string[];
  bundle?: Bundle;
}): Promise<{ acknowledgementId: string; entries: number; tiers: number[] }> {
  const { named, scope } = await authorizeDriftChange({ ...options, permission: 'drift.resolve' });
  const nothingYet = { acknowledgementId: null, upToDriftId: null, entries: 0, tierHashes: [] };
  const meta = { kind: 'drift.acknowledged' as const, data: { environment: named, ...nothingYet }, ...scope };
  return auditRefusals(meta, async () => {
    if (options.actor.id === null)
      throw new DomainError('FORBIDDEN', 'Only a person may acknowledge drift, with their own reason.');
    const input = parseInput(acknowledgeDriftInput, {
      environment: options.environment,
      reason: options.reason,
      seenDriftId: options.seenDriftId,
      seenTierHashes: options.seenTierHashes,
    });
    const environment = resolveEnvironment({ name: input.environment });
    const state = await readDriftState({ environment: environment.name, bundle: options.bundle });
    const seen = input.seenDriftId === '' ? null : BigInt(input.seenDriftId);
    const entries = state.unexplained.entries.filter((entry) => seen !== null && BigInt(entry.id) <= seen);
    const shown = new Set(input.seenTierHashes);
    const tierHashes = state.unexplained.tiers
      .filter((tier) => shown.has(`${tier.tier}:${tier.recomputed}`))
      .map((tier) => ({ tier: tier.tier, hash: tier.recomputed }));
    if (entries.length === 0 && tierHashes.length === 0) {
      throw new DomainError(
        'NOT_FOUND',
        `${environment.name} has no unexplained drift among what you were shown; reload to see it as it is now.`,
      );
    }
    const upToDriftId = entries[0] ? String(entries[0].id) : null;
    const actorId = options.actor.id;
    const created = await getControlPlane().$transaction(
      async (tx) => {
        const row = await tx.driftAcknowledgement.create({
          data: {
            environment: environment.name,
            upToDriftId,
            tierHashes: tierHashes as Prisma.InputJsonValue,
            reason: input.reason,
            actorId,
            actorLabel: options.actor.label,
          },
        });
        await appendAuditEvent(tx, {
          ...meta,
          data: {
            environment: environment.name,
            acknowledgementId: row.id,
            upToDriftId,
            entries: entries.length,
            tierHashes,
          },
          outcome: 'success',
          reason: input.reason,
        });
        return row;
      },
      { maxWait: 30_000, timeout: 30_000 },
    );
    return { acknowledgementId: created.id, entries: entries.length, tiers: tierHashes.map((t) => t.tier) };
  });
}
