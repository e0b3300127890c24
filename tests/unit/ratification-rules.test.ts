import { describe, expect, it } from 'vitest';
import {
  mayRatify,
  mayRatifyAgain,
  mayRatifyAsNonProposer,
  mayRevoke,
  mayVoidApprovalRow,
  ratifyingLevelsOf,
} from '@/lib/ratification-rules';

const approver = (id: string, ...levels: string[]) => ({
  id,
  roles: levels.map((level) => ({ role: 'approver', level })),
});
const viewer = { id: 'v', roles: [{ role: 'viewer', level: null }] };
const proposal = { code: 'APR-1', ratifyingLevels: ['L2', 'L4'], proposedById: 'p' };

describe('ratifyingLevelsOf', () => {
  it.each([
    [approver('a', 'L1'), []],
    [approver('a', 'L2'), ['L2']],
    [approver('a', 'L2', 'L4'), ['L4', 'L2']],
    [viewer, []],
  ])('%o ratifies at %o', (person, levels) => {
    expect(ratifyingLevelsOf(person, proposal)).toEqual(levels);
  });
});

describe('mayRatify', () => {
  it.each([
    [approver('a', 'L4'), true, undefined, undefined],
    [approver('a', 'L1', 'L2'), true, undefined, undefined],
    [viewer, false, 'FORBIDDEN', 'Only approvers may ratify; your roles do not include approver.'],
    [
      approver('a', 'L1'),
      false,
      'LEVEL_NOT_ALLOWED',
      'APR-1 may be ratified by approver level L2 or L4; your level is L1.',
    ],
  ])('%o → allowed %s (%s)', (person, allowed, code, sentence) => {
    const verdict = mayRatify(person, proposal);
    expect(verdict.allowed).toBe(allowed);
    if (!verdict.allowed) expect(verdict).toMatchObject({ code, sentence });
  });
});

describe('mayRatifyAsNonProposer', () => {
  it.each([
    ['a', 'p', true, undefined],
    ['p', 'p', false, 'SELF_RATIFICATION'],
    ['a', null, false, 'PROPOSER_REQUIRED'],
  ])('person %s, proposer %s → allowed %s (%s)', (id, proposedById, allowed, code) => {
    const verdict = mayRatifyAsNonProposer(approver(id, 'L4'), { code: 'APR-1', proposedById });
    expect(verdict.allowed).toBe(allowed);
    if (!verdict.allowed) expect(verdict.code).toBe(code);
  });
});

describe('mayRatifyAgain', () => {
  it.each([
    [false, true],
    [true, false],
  ])('standing %s → allowed %s', (standing, allowed) => {
    const verdict = mayRatifyAgain({ code: 'APR-1' }, standing);
    expect(verdict.allowed).toBe(allowed);
    if (!verdict.allowed) expect(verdict.code).toBe('ALREADY_RATIFIED');
  });
});

describe('mayRevoke', () => {
  it.each([
    [approver('a', 'L1'), 'a', true],
    [approver('b', 'L4'), 'a', true],
    [approver('b', 'L2'), 'a', false],
    [{ id: null, roles: [] }, null, false],
  ])('%o revoking a ratification by %s → %s', (person, approverId, allowed) => {
    const verdict = mayRevoke(person, { approverId });
    expect(verdict.allowed).toBe(allowed);
    if (!verdict.allowed) expect(verdict.code).toBe('FORBIDDEN');
  });
});

describe('mayVoidApprovalRow', () => {
  it.each([
    [approver('a', 'L4'), true],
    [approver('a', 'L2', 'L3'), false],
    [viewer, false],
  ])('%o → %s', (person, allowed) => {
    expect(mayVoidApprovalRow(person).allowed).toBe(allowed);
  });
});
