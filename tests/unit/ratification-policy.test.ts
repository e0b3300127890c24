import { describe, expect, it } from 'vitest';
import type { Manifest } from '@/lib/server/bundle/manifest-schema';
import { checkQuorum } from '@/lib/server/gate/check-quorum';
import { describePolicy } from '@/lib/server/gate/describe-policy';

type Level = 'L1' | 'L2' | 'L3' | 'L4';
const proposal = (
  quorum: number,
  levels: Level[],
  quorumMode: 'any' | 'each',
  ratificationExpiresAfter?: string,
): Manifest['proposal'] => ({
  code: 'APR-TEST-1',
  title: 'test',
  approvalsTable: 'os_proposal_approvals',
  quorum,
  ratifyingLevels: levels,
  quorumMode,
  ratificationExpiresAfter,
});

describe('describePolicy says the policy in words', () => {
  it.each([
    [proposal(1, ['L2', 'L4'], 'any'), '1 ratification from L2 or L4; a ratification does not expire.'],
    [proposal(1, ['L4'], 'any'), '1 ratification from L4; a ratification does not expire.'],
    [
      proposal(2, ['L2', 'L3', 'L4'], 'any', 'PT12H'),
      '2 ratifications by different approvers from L2, L3 or L4; each expires 12 hours after it is given.',
    ],
    [
      proposal(2, ['L2', 'L4'], 'each', 'P30D'),
      'One ratification from L2 and one from L4; each expires 30 days after it is given.',
    ],
    [
      proposal(3, ['L1', 'L2', 'L4'], 'each', 'P1DT1H30M'),
      'One ratification from L1, one from L2 and one from L4; each expires 1 day, 1 hour and 30 minutes after it is given.',
    ],
    [
      proposal(1, ['L4'], 'each', 'PT1S'),
      'One ratification from L4; each expires 1 second after it is given.',
    ],
  ])('%#: %s', (given, sentence) => {
    expect(describePolicy({ proposal: given }).sentence).toBe(sentence);
  });

  it('gives the expiry in seconds and words, or null for none', () => {
    expect(describePolicy({ proposal: proposal(2, ['L2', 'L4'], 'each', 'PT90S') })).toMatchObject({
      expiresAfter: 'PT90S',
      expiresAfterSeconds: 90,
      expiresAfterWords: '1 minute and 30 seconds',
    });
    expect(describePolicy({ proposal: proposal(1, ['L2', 'L4'], 'any') })).toMatchObject({
      expiresAfter: null,
      expiresAfterSeconds: null,
      expiresAfterWords: null,
    });
  });
});

describe('checkQuorum applies the quorum as the gate block does', () => {
  const anyOne = { mode: 'any' as const, quorum: 1, levels: ['L2', 'L4'] };
  const anyTwo = { mode: 'any' as const, quorum: 2, levels: ['L2', 'L4'] };
  const each = { mode: 'each' as const, quorum: 2, levels: ['L2', 'L4'] };
  const row = (approver: string, level: string) => ({ approver, level });

  it.each([
    ['any 1: nothing', anyOne, [], { met: false, approvers: 0, missingLevels: [] }],
    ['any 1: one L2', anyOne, [row('a', 'L2')], { met: true, approvers: 1, missingLevels: [] }],
    [
      'any 1: an L1 does not count',
      anyOne,
      [row('a', 'L1')],
      { met: false, approvers: 0, missingLevels: [] },
    ],
    [
      'any 2: one approver twice',
      anyTwo,
      [row('a', 'L2'), row('a', 'L4')],
      { met: false, approvers: 1, missingLevels: [] },
    ],
    [
      'any 2: two L2',
      anyTwo,
      [row('a', 'L2'), row('b', 'L2')],
      { met: true, approvers: 2, missingLevels: [] },
    ],
    ['each: nothing', each, [], { met: false, approvers: 0, missingLevels: ['L2', 'L4'] }],
    [
      'each: two L2',
      each,
      [row('a', 'L2'), row('b', 'L2')],
      { met: false, approvers: 2, missingLevels: ['L4'] },
    ],
    ['each: only L4', each, [row('a', 'L4')], { met: false, approvers: 1, missingLevels: ['L2'] }],
    [
      'each: L2 and L4',
      each,
      [row('a', 'L2'), row('b', 'L4')],
      { met: true, approvers: 2, missingLevels: [] },
    ],
    [
      'each: one person at both levels is one approver',
      each,
      [row('a', 'L2'), row('a', 'L4')],
      { met: false, approvers: 1, missingLevels: [] },
    ],
  ])('%s', (_label, policy, standing, expected) => {
    expect(checkQuorum({ policy, standing })).toEqual(expected);
  });
});
