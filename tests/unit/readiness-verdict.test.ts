import { describe, expect, it } from 'vitest';
import { decideReadiness } from '@/lib/server/release/decide-readiness';
import { describeApprovalRow } from '@/lib/server/release/describe-approval-row';
import type { ReadinessItem } from '@/lib/server/release/get-readiness';

const item = (id: string, ok: boolean): ReadinessItem => ({ id, label: id, ok, detail: `${id} detail` });
// Every item readiness reports; each case below fails some and names the blocker it expects.
const ITEM_IDS =
  'bundle clone-reachable production-reachable pre-state approval-rows drift rehearsal ratifications no-run-in-flight';
const all = (failing: string[]) => ITEM_IDS.split(' ').map((id) => item(id, !failing.includes(id)));

describe('decideReadiness', () => {
  it.each([
    [[], null],
    [['no-run-in-flight', 'ratifications'], 'ratifications'],
    [['ratifications', 'rehearsal'], 'rehearsal'],
    [['rehearsal', 'drift'], 'drift'],
    [['drift', 'pre-state'], 'pre-state'],
    [['pre-state', 'clone-reachable', 'production-reachable'], 'production-reachable'],
    [['clone-reachable', 'bundle'], 'bundle'],
  ])('with %j failing, the blocker is %s', (failing, blocker) => {
    const readiness = decideReadiness(all(failing));
    expect(readiness.verdict).toBe(blocker ? 'NO-GO' : 'GO');
    expect(readiness.blocker).toBe(blocker ? `${blocker}: ${blocker} detail` : null);
  });
});

describe('describeApprovalRow', () => {
  it.each([
    ['dba', 'written by dba'],
    [null, 'written by nobody the approval log recorded'],
  ])('names who wrote it (%s)', (writtenBy, ending) => {
    const text = describeApprovalRow({
      id: '7',
      approver: 'someone',
      level: 'L4',
      approvedAt: '2026-01-01',
      digest: 'a'.repeat(64),
      writtenBy,
    } as Parameters<typeof describeApprovalRow>[0]);
    expect(text).toBe(`someone at L4, 2026-01-01, digest ${'a'.repeat(12)}, ${ending}`);
  });
});
