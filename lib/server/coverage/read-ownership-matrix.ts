import 'server-only';
import { z } from 'zod';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { getTargetPool } from '@/lib/server/db/target-pool';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { parseInput } from '@/lib/server/parse-input';

const inputSchema = z.object({
  environment: z.string().min(1),
  search: z.string().trim().max(200).optional(),
  authority: z.string().optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export type OwnershipRow = {
  collection: string;
  domainAuthority: string;
  cells: Record<string, string | null>;
};

/**
 * The collections × responsibilities matrix of one environment, each cell the
 * authority that covers it (null for a gap), rows grouped by domain authority.
 * Paged, so a bundle with thousands of collections is never read or drawn at once.
 */
export async function readOwnershipMatrix(options: {
  environment: string;
  search?: string;
  authority?: string;
  offset?: number;
  limit?: number;
  bundle?: Bundle;
}) {
  const input = parseInput(inputSchema, options);
  const environment = resolveEnvironment({ name: input.environment });
  const bundle = options.bundle ?? (await loadBundle());
  const client = await getTargetPool(environment.url).connect();
  let state: Awaited<ReturnType<typeof readTargetState>>;
  try {
    state = await readTargetState({ client, bundle });
  } finally {
    client.release();
  }
  const covered = new Map(
    state.covered.map((cell) => [`${cell.collection}\u0000${cell.responsibility}`, cell.authority]),
  );
  const needle = input.search?.toLowerCase();
  const all = Object.entries(bundle.manifest.governedCollections)
    .flatMap(([domainAuthority, collections]) =>
      collections.map((collection) => ({ collection, domainAuthority })),
    )
    .filter((row) => !input.authority || row.domainAuthority === input.authority)
    .filter(
      (row) =>
        !needle || row.collection.includes(needle) || row.domainAuthority.toLowerCase().includes(needle),
    );
  const rows: OwnershipRow[] = all.slice(input.offset, input.offset + input.limit).map((row) => ({
    ...row,
    cells: Object.fromEntries(
      bundle.kinds.map((kind) => [kind, covered.get(`${row.collection}\u0000${kind}`) ?? null]),
    ),
  }));
  return {
    environment: environment.name,
    digest: bundle.digest,
    gap: state.gap,
    kinds: bundle.manifest.responsibilityKinds,
    authorities: bundle.manifest.authorities,
    total: all.length,
    offset: input.offset,
    limit: input.limit,
    rows,
  };
}

export type OwnershipMatrix = Awaited<ReturnType<typeof readOwnershipMatrix>>;
