import { describe, expect, it } from 'vitest';
import { HEATMAP_PAGE, liveQueries } from '@/lib/queries';

const interval = (route: { refetchInterval: unknown }, snapshot: { data: unknown; error: Error | null }) =>
  typeof route.refetchInterval === 'function' ? route.refetchInterval(snapshot) : route.refetchInterval;

describe('lib/queries', () => {
  it.each([
    ['runs in flight, none running', liveQueries.runsInFlight(), { data: { runs: [] }, error: null }, 1_000],
    ['runs in flight, one running', liveQueries.runsInFlight(), { data: { runs: [{}] }, error: null }, 500],
    ['a run not read yet', liveQueries.run('r1'), { data: undefined, error: null }, 500],
    ['a running run', liveQueries.run('r1'), { data: { status: 'running' }, error: null }, 500],
    ['a finished run', liveQueries.run('r1'), { data: { status: 'succeeded' }, error: null }, false],
    ['a run that failed to load', liveQueries.run('r1'), { data: undefined, error: new Error('x') }, 5_000],
    [
      'a live audit timeline',
      liveQueries.auditEvents('kind=a', true),
      { data: undefined, error: null },
      3_000,
    ],
    [
      'a fixed audit timeline',
      liveQueries.auditEvents('kind=a', false),
      { data: undefined, error: null },
      false,
    ],
  ])('%s polls at %s', (_name, route, snapshot, expected) => {
    expect(interval(route, snapshot)).toBe(expected);
  });

  it('keys a heatmap page by environment, authority, offset and page size, and asks for that page', () => {
    const route = liveQueries.heatmapGroup('clone', 'DA-1', 200);
    expect(route.key).toEqual(['ownership', 'clone', 'DA-1', 200, HEATMAP_PAGE]);
    expect(Object.fromEntries(new URL(route.url, 'http://x').searchParams)).toEqual({
      environment: 'clone',
      authority: 'DA-1',
      offset: '200',
      limit: String(HEATMAP_PAGE),
    });
  });

  it('gives widgets of one route one key, so they share a request', () => {
    expect(liveQueries.status().key).toEqual(liveQueries.status().key);
    expect(liveQueries.ownershipTable('production', '').key).not.toEqual(
      liveQueries.ownershipTable('clone', '').key,
    );
  });
});
