import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@/lib/server/audit/canonical-json';
import { GENESIS_HASH, type HashedEvent, hashEvent } from '@/lib/server/audit/hash-event';

/** The definition every stored hash was computed with, written out piece by piece as it was first shipped. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((item) => reference(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${reference(item)}`).join(',')}}`;
}

const referenceHash = (event: HashedEvent) => createHash('sha256').update(reference(event)).digest('hex');

const event: HashedEvent = {
  seq: '42',
  id: '00000000-0000-4000-8000-000000000042',
  kind: 'user.created',
  actorId: null,
  actorLabel: 'test',
  actorRoles: ['approver:L4', 'owner'],
  target: 'user:a@example.test',
  digest: null,
  outcome: 'success',
  reason: null,
  requestId: 'request-42',
  ip: '127.0.0.1',
  data: { email: 'a@example.test' },
  createdAt: '2026-11-24T10:00:00.000Z',
  prevHash: GENESIS_HASH,
};

// Each case is a value the engine's JSON.stringify would write differently from the definition if handed naively.
const awkward: [string, unknown][] = [
  [
    'integer-like keys, which engines list first in numeric order',
    { b: 1, '10': 2, '9': 3, a: { '2': 0, '1': 1 } },
  ],
  ['a __proto__ key, as JSON.parse makes it', JSON.parse('{"z":1,"__proto__":{"x":1},"a":2}')],
  ['undefined in objects and arrays', { a: undefined, b: [undefined, 1] }],
  ['a sparse array', Object.assign(new Array(3), { 0: 1, 2: 3 })],
  ['a Date, which has a toJSON', { at: new Date(0) }],
  ['a toJSON method', { a: { toJSON: () => 'x', b: 1 } }],
  ['a Map', { m: new Map([['a', 1]]) }],
  [
    'a class instance',
    {
      c: new (class Point {
        x = 1;
        y = 2;
      })(),
    },
  ],
  ['a null-prototype object', Object.assign(Object.create(null), { b: 1, a: 2 })],
  ['lone surrogates and escapes', { '\ud800': '\udfff', 'quo"te': 'line\nbreak', é: 'ü' }],
  ['non-finite numbers and negative zero', [Number.NaN, Number.POSITIVE_INFINITY, -0, 1e21, 5e-324]],
  ['keys that differ only after a prefix', { ab: 1, a: 2, aB: 3, 'a b': 4, '': 5 }],
  ['top-level undefined', undefined],
  ['deep nesting', { a: [{ c: [{ e: 1, d: 2 }], b: null }] }],
];

describe('canonicalJson writes exactly what its definition writes', () => {
  it.each(awkward)('%s', (_name, value) => {
    expect(canonicalJson(value)).toBe(reference(value));
  });

  it('agrees on arbitrary JSON values, as stored in jsonb and read back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('agrees on arbitrary objects with awkward keys and undefined values', () => {
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom('__proto__', '0', '1', '10', '01', '4294967295', 'toJSON'),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, undefined, true, 0, -0, 1.5, 'x'),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('hashEvent hashes exactly the hashed fields, as it always has', () => {
  it.each(awkward)('with data holding %s', (_name, data) => {
    const awkwardEvent = { ...event, data };
    expect(hashEvent(awkwardEvent)).toBe(referenceHash(awkwardEvent));
  });

  it('agrees with the definition on arbitrary data and field values', () => {
    const text = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(
        fc.jsonValue(),
        text,
        fc.option(text),
        fc.array(text, { maxLength: 3 }),
        (data, s, n, roles) => {
          const arbitrary = { ...event, data, actorLabel: s, reason: n, actorRoles: roles };
          expect(hashEvent(arbitrary)).toBe(referenceHash(arbitrary));
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it("leaves an exported event's own hash field out, without needing a copy", () => {
    const exported = { ...event, hash: 'f'.repeat(64) };
    expect(hashEvent(exported)).toBe(referenceHash(event));
  });
});
