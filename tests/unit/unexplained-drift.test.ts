import { describe, expect, it } from 'vitest';
import { type AcknowledgedDrift, findUnexplainedDrift } from '@/lib/server/drift/find-unexplained-drift';
import type { DriftEntry, DriftReport } from '@/lib/server/drift/read-drift';

const entry = (id: number, resolved = false): DriftEntry => ({
  id,
  op: 'UPDATE',
  table: 'assignments',
  tier: 3,
  key: { collection: 'articles', responsibility: 'steward' },
  oldRow: { authority: 'A' },
  newRow: { authority: 'B' },
  dbUser: 'postgres',
  sessionUser: 'postgres',
  applicationName: 'psql',
  clientAddr: '127.0.0.1',
  claimedRunId: null,
  at: '2026-11-28T00:00:00.000Z',
  resolved,
});

const read = (entries: DriftEntry[], extra: Partial<DriftReport> = {}): DriftReport => ({
  entries,
  total: entries.length,
  highestId: entries[0]?.id ?? 0,
  unresolvedCount: entries.filter((e) => !e.resolved).length,
  tierHashes: [],
  ...extra,
});

const hash = (tier: number, stored: string, recomputed: string) => ({
  tier,
  stored,
  recomputed,
  matches: stored === recomputed,
});

const cases: {
  name: string;
  drift: DriftReport;
  acks: AcknowledgedDrift[];
  entries: string[];
  tiers: number[];
  more?: boolean;
}[] = [
  { name: 'no drift at all', drift: read([]), acks: [], entries: [], tiers: [] },
  { name: 'one direct write, nothing done', drift: read([entry(1)]), acks: [], entries: ['1'], tiers: [] },
  { name: 'a write a re-apply resolved', drift: read([entry(1, true)]), acks: [], entries: [], tiers: [] },
  {
    name: 'writes up to the acknowledged id are explained, a later one is not',
    drift: read([entry(12), entry(10), entry(9)]),
    acks: [{ upToDriftId: '10', tierHashes: [] }],
    entries: ['12'],
    tiers: [],
  },
  {
    name: 'the highest acknowledgement counts, ids compared as integers not text',
    drift: read([entry(100), entry(99), entry(9)]),
    acks: [
      { upToDriftId: '9', tierHashes: [] },
      { upToDriftId: '100', tierHashes: [] },
    ],
    entries: [],
    tiers: [],
  },
  {
    name: 'a tier-hash-only acknowledgement does not explain direct writes',
    drift: read([entry(3)]),
    acks: [{ upToDriftId: null, tierHashes: [{ tier: 4, hash: 'x' }] }],
    entries: ['3'],
    tiers: [],
  },
  {
    name: 'a content-hash mismatch with no write recorded (triggers disabled)',
    drift: read([], { tierHashes: [hash(3, 'a', 'a'), hash(4, 'a', 'b')] }),
    acks: [],
    entries: [],
    tiers: [4],
  },
  {
    name: 'a mismatch acknowledged at the hash seen',
    drift: read([], { tierHashes: [hash(4, 'a', 'b')] }),
    acks: [{ upToDriftId: null, tierHashes: [{ tier: 4, hash: 'b' }] }],
    entries: [],
    tiers: [],
  },
  {
    name: 'the same tier changed again after its acknowledgement',
    drift: read([], { tierHashes: [hash(4, 'a', 'c')] }),
    acks: [{ upToDriftId: null, tierHashes: [{ tier: 4, hash: 'b' }] }],
    entries: [],
    tiers: [4],
  },
  {
    name: 'an acknowledged hash of another tier does not carry over',
    drift: read([], { tierHashes: [hash(5, 'a', 'b')] }),
    acks: [{ upToDriftId: null, tierHashes: [{ tier: 4, hash: 'b' }] }],
    entries: [],
    tiers: [5],
  },
  {
    name: 'a bounded read ending on an open entry says there may be more',
    drift: read([entry(7), entry(6)], { total: 40 }),
    acks: [],
    entries: ['7', '6'],
    tiers: [],
    more: true,
  },
  {
    name: 'a bounded read ending on an acknowledged entry does not',
    drift: read([entry(7), entry(6)], { total: 40 }),
    acks: [{ upToDriftId: '6', tierHashes: [] }],
    entries: ['7'],
    tiers: [],
    more: false,
  },
];

describe('the unexplained-drift rule', () => {
  it.each(cases)('$name', ({ drift, acks, entries, tiers, more }) => {
    const result = findUnexplainedDrift({ environment: 'production', drift, acknowledgements: acks });
    expect(result.entries.map((e) => String(e.id))).toEqual(entries);
    expect(result.tiers.map((t) => t.tier)).toEqual(tiers);
    expect(result.unexplained).toBe(entries.length > 0 || tiers.length > 0);
    if (more !== undefined) expect(result.more).toBe(more);
    if (result.unexplained) expect(result.sentence).toContain('production');
    else expect(result.sentence).toBeNull();
  });

  it('names who wrote the newest entry, how and when', () => {
    const result = findUnexplainedDrift({
      environment: 'production',
      drift: read([entry(2)]),
      acknowledgements: [],
    });
    expect(result.sentence).toContain('UPDATE on assignments articles · steward by postgres via psql');
    expect(result.sentence).toContain('from 127.0.0.1 at 2026-11-28T00:00:00.000Z');
  });
});
