/**
 * Every live query of the screens in one place: its cache key, the route it
 * reads, and how often it is read again. Widgets that name the same key share
 * one request per poll.
 */

type Snapshot<T> = { data: T | undefined; error: Error | null };
export type Interval<T> = number | false | ((snapshot: Snapshot<T>) => number | false);
export type LiveRoute<T> = { key: readonly unknown[]; url: string; refetchInterval: Interval<T> };

/** Rows drawn at once per heatmap authority group: enough for any real bundle, small enough for any phone. */
export const HEATMAP_PAGE = 200;
/** The most /api/ownership returns in one answer; the ownership table sorts and searches all of them. */
export const OWNERSHIP_FETCH_LIMIT = 5_000;

export const liveQueries = {
  status: (): LiveRoute<unknown> => ({ key: ['status'], url: '/api/status', refetchInterval: 2_000 }),
  gapHistory: (): LiveRoute<unknown> => ({
    key: ['gap-history'],
    url: '/api/gap-history',
    refetchInterval: 4_000,
  }),
  readiness: (): LiveRoute<unknown> => ({
    key: ['readiness'],
    url: '/api/readiness',
    refetchInterval: 3_000,
  }),
  /** Fast only while something runs: an idle dashboard asks every second, a run's progress every half second. */
  runsInFlight: (): LiveRoute<{ runs: unknown[] }> => ({
    key: ['runs-in-flight'],
    url: '/api/runs/in-flight',
    refetchInterval: (snapshot) => ((snapshot.data?.runs.length ?? 0) > 0 ? 500 : 1_000),
  }),
  heatmapGroup: (environment: string, authority: string, offset: number): LiveRoute<unknown> => ({
    key: ['ownership', environment, authority, offset, HEATMAP_PAGE],
    url: `/api/ownership?${new URLSearchParams({ environment, authority, offset: String(offset), limit: String(HEATMAP_PAGE) })}`,
    refetchInterval: 3_000,
  }),
  ownershipTable: (environment: string, search: string): LiveRoute<unknown> => ({
    key: ['ownership-table', environment, search],
    url: `/api/ownership?${new URLSearchParams({ environment, search, limit: String(OWNERSHIP_FETCH_LIMIT) })}`,
    refetchInterval: 5_000,
  }),
  /** One run, every half second while it is in flight, no longer once it has finished. */
  run: (id: string): LiveRoute<{ status: string }> => ({
    key: ['run', id],
    url: `/api/runs/${encodeURIComponent(id)}`,
    refetchInterval: (snapshot) => {
      if (snapshot.error) return 5_000;
      return snapshot.data && snapshot.data.status !== 'running' ? false : 500;
    },
  }),
  runs: (): LiveRoute<unknown> => ({ key: ['runs'], url: '/api/runs?limit=25', refetchInterval: 2_000 }),
  auditEvents: (apiQuery: string, live: boolean): LiveRoute<unknown> => ({
    key: ['audit-events', apiQuery],
    url: `/api/audit/events?${apiQuery}`,
    refetchInterval: live ? 3_000 : false,
  }),
} as const;
