import { describe, expect, it } from 'vitest';
import {
  type AssignmentRow,
  type CellRecords,
  toCellProvenance,
} from '@/lib/server/coverage/cell-provenance';

const cell = { environment: 'production', collection: 'kg_terms', responsibility: 'custodian' };
const at = new Date('2026-11-28T01:02:03.000Z');
const assignment: AssignmentRow = {
  authority: 'ada@example.test',
  tier: 3,
  proposal_code: 'APR-BOOT-AUTHMODEL-1',
  approval_id: 'approval-1',
  run_id: 'run-1',
  assigned_at: at,
  approver: 'ada@example.test',
  approver_level: 'L4',
  approval_digest: 'a'.repeat(64),
  approved_at: at,
  ratification_id: 'rat-1',
  rehearsal: null,
  revoked_at: null,
  revoked_by: null,
  ledger_digest: null,
  applied_at: at,
  applied_by: 'operator',
  covered: true,
};
const records: CellRecords = {
  run: {
    kind: 'apply',
    actor: 'operator',
    status: 'succeeded',
    startedAt: at,
    finishedAt: null,
    bundleDigest: 'b'.repeat(64),
  },
  ratification: {
    id: 'rat-1',
    approverEmail: 'ada@example.test',
    approverLevel: 'L4',
    bundleDigest: 'a'.repeat(64),
    createdAt: at,
    revokedAt: null,
  },
  events: { ratified: { seq: '7', id: 'e7' }, applied: null },
};

describe('toCellProvenance', () => {
  const cases: {
    name: string;
    assignment: AssignmentRow | null;
    records: CellRecords | null;
    expected: Record<string, unknown>;
  }[] = [
    {
      name: 'no assignment: uncovered, nothing to account for',
      assignment: null,
      records: null,
      expected: { ...cell, covered: false, run: null, approval: null, ratification: null, drift: [] },
    },
    {
      name: 'assigned with a recorded run: the ledger digest falls back to the run, nulls become defaults',
      assignment,
      records,
      expected: {
        covered: true,
        tier: 3,
        assignedAt: at.toISOString(),
        run: expect.objectContaining({
          recorded: true,
          kind: 'apply',
          bundleDigest: 'b'.repeat(64),
          finishedAt: null,
        }),
        approval: expect.objectContaining({ approverLevel: 'L4', rehearsal: false, revokedAt: null }),
        ratification: expect.objectContaining({ level: 'L4', createdAt: at.toISOString() }),
        events: { ratified: { seq: '7', id: 'e7' }, applied: null },
      },
    },
    {
      name: 'applied outside the gate: no run, no approval row, no events',
      assignment: { ...assignment, approver: null, ledger_digest: 'c'.repeat(64) },
      records: { run: null, ratification: null, events: { ratified: null, applied: null } },
      expected: {
        run: expect.objectContaining({ recorded: false, kind: null, bundleDigest: 'c'.repeat(64) }),
        approval: null,
        ratification: null,
      },
    },
  ];
  it.each(cases)('$name', ({ assignment, records, expected }) => {
    expect(toCellProvenance({ cell, assignment, records, drift: [] })).toMatchObject(expected);
  });
});
