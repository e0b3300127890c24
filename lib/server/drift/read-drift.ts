import 'server-only';
import { z } from 'zod';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { withReadOnlyTarget } from '@/lib/server/db/with-read-only-target';
import { queryDrift } from '@/lib/server/drift/query-drift';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';

export type DriftOp = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';

/** One write to the bundle's tables that no ledgered tier made, as one_roof.drift_log recorded it. */
export type DriftEntry = {
  id: number;
  op: DriftOp;
  table: string;
  /** The tier whose cells the write touched (null for a TRUNCATE); re-applying it resolves the entry. */
  tier: number | null;
  key: { collection?: string; responsibility?: string };
  oldRow: Record<string, unknown> | null;
  newRow: Record<string, unknown> | null;
  dbUser: string;
  sessionUser: string;
  applicationName: string;
  clientAddr: string | null;
  /** The run id the writing session claimed, if any: a forged one. */
  claimedRunId: string | null;
  /** When the writing statement started. */
  at: string;
  /** Resolved by a re-apply of its tier (one_roof.drift_resolutions); acknowledgements live in the control plane. */
  resolved: boolean;
};

export type TierHash = { tier: number; stored: string | null; recomputed: string; matches: boolean };

export type DriftReport = {
  entries: DriftEntry[];
  total: number;
  unresolvedCount: number;
  /** The newest drift id (0 when none): what recordDriftFound compares with what it has already reported. */
  highestId: number;
  tierHashes: TierHash[];
};

const optionsSchema = z.object({
  environment: z.string().min(1),
  limit: z.number().int().min(1).max(1000).default(100),
});

/**
 * What a target's own drift log says, read in one READ ONLY transaction: the
 * newest entries (at most `limit`), the counts, and each ledgered tier's
 * stored content hash beside the one recomputed now. A target whose tier 1 is
 * not applied has no drift log: nothing to report.
 */
export async function readDrift(options: {
  environment: string;
  bundle?: Bundle;
  limit?: number;
}): Promise<DriftReport> {
  const input = optionsSchema.parse({ environment: options.environment, limit: options.limit });
  const environment = resolveEnvironment({ name: input.environment });
  const bundle = options.bundle ?? (await loadBundle());
  return withReadOnlyTarget({
    url: environment.url,
    work: (client) =>
      queryDrift({ client, schema: bundle.manifest.schema, limit: input.limit, unresolvedOnly: false }),
  });
}
