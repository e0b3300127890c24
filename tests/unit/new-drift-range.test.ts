import { describe, expect, it } from 'vitest';
import { newDriftRange } from '@/lib/server/drift/new-drift-range';

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);
const tier5A = { tier: 5, stored: hashB, recomputed: hashA };
const tier5B = { tier: 5, stored: hashA, recomputed: hashB };

describe('newDriftRange: what a drift report adds to the last drift.detected', () => {
  it.each([
    { name: 'nothing ever, nothing now', last: null, highestId: 0, mismatched: [], expected: null },
    {
      name: 'first drift',
      last: null,
      highestId: 3,
      mismatched: [],
      expected: { fromId: 1, toId: 3, entries: 3 },
    },
    {
      name: 'the same drift read again',
      last: { toId: 3, mismatchedTiers: [] },
      highestId: 3,
      mismatched: [],
      expected: null,
    },
    {
      name: 'two more entries',
      last: { toId: 3, mismatchedTiers: [] },
      highestId: 5,
      mismatched: [],
      expected: { fromId: 4, toId: 5, entries: 2 },
    },
    {
      name: 'a hash mismatch with no entry (triggers off)',
      last: { toId: 5, mismatchedTiers: [] },
      highestId: 5,
      mismatched: [tier5A],
      expected: { fromId: 5, toId: 5, entries: 0 },
    },
    {
      name: 'the same mismatch read again',
      last: { toId: 5, mismatchedTiers: [{ tier: 5, recomputed: hashA }] },
      highestId: 5,
      mismatched: [tier5A],
      expected: null,
    },
    {
      name: 'the same tier changed again behind the triggers',
      last: { toId: 5, mismatchedTiers: [{ tier: 5, recomputed: hashA }] },
      highestId: 5,
      mismatched: [tier5B],
      expected: { fromId: 5, toId: 5, entries: 0 },
    },
    {
      name: 'a mismatch resolved by a re-apply',
      last: { toId: 5, mismatchedTiers: [{ tier: 5, recomputed: hashA }] },
      highestId: 5,
      mismatched: [],
      expected: null,
    },
    {
      name: 'a new log below the ids reported (tier 1 applied again)',
      last: { toId: 9, mismatchedTiers: [] },
      highestId: 2,
      mismatched: [],
      expected: { fromId: 1, toId: 2, entries: 2 },
    },
    {
      name: 'a new, empty log',
      last: { toId: 9, mismatchedTiers: [] },
      highestId: 0,
      mismatched: [],
      expected: null,
    },
  ])('$name', ({ last, highestId, mismatched, expected }) => {
    expect(newDriftRange({ last, highestId, mismatchedTiers: mismatched })).toEqual(expected);
  });
});
