import 'server-only';
import { z } from 'zod';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { type RequestContext, systemActor } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { newDriftRange } from '@/lib/server/drift/new-drift-range';
import type { DriftReport } from '@/lib/server/drift/read-drift';

const inputSchema = z.object({
  environment: z.string().min(1),
  highestId: z.number().int().min(0),
  mismatchedTiers: z.array(
    z.object({ tier: z.number().int(), stored: z.string().nullable(), recomputed: z.string() }),
  ),
});

const lastSeenSchema = z.object({
  toId: z.number(),
  mismatchedTiers: z.array(z.object({ tier: z.number(), recomputed: z.string() })),
});

/**
 * Records `drift.detected` for what a readDrift report shows that no earlier
 * event did (newDriftRange): drift ids above the last one reported, or a tier
 * whose content hash no longer matches in a way not reported yet.
 * Reading the same drift again records nothing. The finder is the app itself
 * (the system actor): the target's own log is the witness, not the reader.
 */
export async function recordDriftFound(options: {
  environment: string;
  report: Pick<DriftReport, 'highestId' | 'tierHashes'>;
  context: RequestContext;
}): Promise<{ recorded: boolean }> {
  const input = inputSchema.parse({
    environment: options.environment,
    highestId: options.report.highestId,
    mismatchedTiers: options.report.tierHashes
      .filter((hash) => !hash.matches)
      .map(({ tier, stored, recomputed }) => ({ tier, stored, recomputed })),
  });
  const target = `environment:${input.environment}`;
  return getControlPlane().$transaction(async (tx) => {
    // Two readers of the same drift must not both record it.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`drift.detected:${target}`}, 0))`;
    const last = await tx.auditEvent.findFirst({
      where: { kind: 'drift.detected', target },
      orderBy: { seq: 'desc' },
      select: { data: true },
    });
    const seen = last ? lastSeenSchema.safeParse(last.data) : null;
    const range = newDriftRange({
      last: seen?.success ? seen.data : null,
      highestId: input.highestId,
      mismatchedTiers: input.mismatchedTiers,
    });
    if (!range) return { recorded: false };
    await appendAuditEvent(tx, {
      kind: 'drift.detected',
      data: {
        environment: input.environment,
        ...range,
        mismatchedTiers: input.mismatchedTiers,
      },
      actor: systemActor,
      context: options.context,
      target,
      outcome: 'success',
    });
    return { recorded: true };
  });
}
