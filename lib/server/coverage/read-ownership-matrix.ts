import 'server-only';
import pg from 'pg';
import { z } from 'zod';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { readEnvironment } from '@/lib/server/environments/read-environment';
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
  const { bundle: given, ...fields } = options;
  const input = parseInput(inputSchema, fields);
  const environment = resolveEnvironment({ name: input.environment });
  const bundle = given ?? (await loadBundle());
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
  const page = all.slice(input.offset, input.offset + input.limit);
  const { state, covered } = await readEnvironment({
    environment,
    work: async (client) => {
      const state = await readTargetState({ client, bundle });
      return { state, covered: state.ledger.length > 0 ? await readCoveredCells(client, bundle, page) : [] };
    },
  });
  const authorityOf = new Map(
    covered.map((cell) => [`${cell.collection}\u0000${cell.responsibility}`, cell.authority]),
  );
  const rows: OwnershipRow[] = page.map((row) => ({
    ...row,
    cells: Object.fromEntries(
      bundle.kinds.map((kind) => [kind, authorityOf.get(`${row.collection}\u0000${kind}`) ?? null]),
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

/** The covering authority of each cell on one page, with fixed SQL over the bundle's own coverage view. */
async function readCoveredCells(
  client: pg.ClientBase,
  bundle: Bundle,
  page: { collection: string }[],
): Promise<{ collection: string; responsibility: string; authority: string }[]> {
  const result = await client.query<{ collection: string; responsibility: string; authority: string }>(
    `SELECT DISTINCT ON (collection, responsibility) collection, responsibility, authority
       FROM ${pg.escapeIdentifier(bundle.manifest.schema)}.coverage
      WHERE collection = ANY ($1::text[]) AND responsibility = ANY ($2::text[])
      ORDER BY collection, responsibility, authority`,
    [page.map((row) => row.collection), bundle.kinds],
  );
  return result.rows;
}
