import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gridFingerprint } from '@/lib/server/coverage/grid-fingerprint';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('grid fingerprint (count and hash of one axis)', () => {
  const cases: [string, string[], { count: number; sha256: string }][] = [
    ['an empty axis', [], { count: 0, sha256: sha('') }],
    ['one name', ['gov_policies'], { count: 1, sha256: sha('gov_policies') }],
    [
      'names sorted byte-wise, newline-joined',
      ['b_x', 'a_y', 'a_x'],
      { count: 3, sha256: sha('a_x\na_y\nb_x') },
    ],
    ['a name listed twice counts once', ['k', 'k', 'j'], { count: 2, sha256: sha('j\nk') }],
    // Underscore (0x5f) sorts before lower-case letters in byte order, as COLLATE "C" sorts it.
    ['byte order, not dictionary order', ['ab', 'a_b'], { count: 2, sha256: sha('a_b\nab') }],
  ];
  for (const [name, names, expected] of cases) {
    it(name, () => expect(gridFingerprint(names)).toEqual(expected));
  }

  it('does not depend on the order given', () => {
    expect(gridFingerprint(['c', 'a', 'b'])).toEqual(gridFingerprint(['b', 'c', 'a']));
  });

  it('tells apart axes of the same count that differ in one name', () => {
    const bundle = gridFingerprint(['accountable', 'steward', 'publisher']);
    const swapped = gridFingerprint(['accountable', 'steward', 'hostile_kind']);
    expect(swapped.count).toBe(bundle.count);
    expect(swapped.sha256).not.toBe(bundle.sha256);
  });
});
