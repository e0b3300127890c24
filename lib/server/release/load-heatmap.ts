import 'server-only';
import { HEATMAP_PAGE } from '@/lib/queries';
import { type OwnershipMatrix, readOwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';

/** Up to this many collections every group opens at first; beyond it, only the first. */
const OPEN_ALL_UP_TO = 200;

export type HeatmapGroupSeed = {
  authority: string;
  total: number;
  open: boolean;
  /** The first page, read for the first paint; null for a group that starts closed. */
  firstPage: OwnershipMatrix | null;
};

export type HeatmapSeed = {
  environment: string;
  kinds: OwnershipMatrix['kinds'];
  authorities: OwnershipMatrix['authorities'];
  groups: HeatmapGroupSeed[];
};

/** What the heatmap needs for its first paint: the groups, their sizes, and the rows of the open ones. */
export async function loadHeatmap(options: { environment: string }): Promise<HeatmapSeed> {
  const overview = await readOwnershipMatrix({ environment: options.environment, limit: 1 });
  const openAll = overview.total <= OPEN_ALL_UP_TO;
  const groups = await Promise.all(
    overview.authorities.map(async ({ code }, index): Promise<HeatmapGroupSeed> => {
      const open = openAll || index === 0;
      const page = await readOwnershipMatrix({
        environment: options.environment,
        authority: code,
        limit: open ? HEATMAP_PAGE : 1,
      });
      return { authority: code, total: page.total, open, firstPage: open ? page : null };
    }),
  );
  return {
    environment: overview.environment,
    kinds: overview.kinds,
    authorities: overview.authorities,
    groups: groups.filter((group) => group.total > 0),
  };
}
