// Pure: no database. The mapping from what the target and the control plane hold to the answer the page shows.
import type { DriftEntry } from '@/lib/server/drift/read-drift';
import type { DriftExplanation } from '@/lib/server/drift/read-drift-state';

export type EventRef = { seq: string; id: string };

export type CellProvenance = {
  environment: string;
  collection: string;
  responsibility: string;
  /** Whether the target emits this cell now: assigned under an approval that still counts there. */
  covered: boolean;
  authority: string | null;
  tier: number | null;
  assignedAt: string | null;
  run: {
    id: string;
    kind: string | null;
    actor: string | null;
    status: string | null;
    startedAt: string | null;
    finishedAt: string | null;
    appliedAt: string | null;
    appliedBy: string | null;
    bundleDigest: string | null;
    /** False when the tier was applied outside the gate (e.g. by psql), so the control plane has no run. */
    recorded: boolean;
  } | null;
  approval: {
    id: string;
    proposalCode: string;
    approver: string;
    approverLevel: string;
    bundleDigest: string;
    approvedAt: string;
    ratificationId: string | null;
    rehearsal: boolean;
    revokedAt: string | null;
    revokedBy: string | null;
  } | null;
  ratification: {
    id: string;
    approverEmail: string;
    level: string;
    bundleDigest: string;
    createdAt: string;
    revokedAt: string | null;
  } | null;
  events: { ratified: EventRef | null; applied: EventRef | null };
  /** Direct writes to this cell outside any tier, newest first, each with how it was explained; null if unreadable. */
  drift: (DriftEntry & { explanation: DriftExplanation })[] | null;
};

/** The cell's assignment row in the target, joined to its approval and ledger row. */
export type AssignmentRow = {
  authority: string;
  tier: number;
  proposal_code: string;
  approval_id: string;
  run_id: string;
  assigned_at: Date;
  approver: string | null;
  approver_level: string | null;
  approval_digest: string | null;
  approved_at: Date | null;
  ratification_id: string | null;
  rehearsal: boolean | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  ledger_digest: string | null;
  applied_at: Date | null;
  applied_by: string | null;
  covered: boolean;
};

/** What the control plane holds about an assignment: its ratification, its run and the events that record them. */
export type CellRecords = {
  run: {
    kind: string;
    actor: string;
    status: string;
    startedAt: Date;
    finishedAt: Date | null;
    bundleDigest: string;
  } | null;
  ratification: {
    id: string;
    approverEmail: string;
    approverLevel: string;
    bundleDigest: string;
    createdAt: Date;
    revokedAt: Date | null;
  } | null;
  events: { ratified: EventRef | null; applied: EventRef | null };
};

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

/** The provenance of one cell; with no assignment the cell is uncovered and only its drift is told. */
export function toCellProvenance(options: {
  cell: { environment: string; collection: string; responsibility: string };
  assignment: AssignmentRow | null;
  records: CellRecords | null;
  drift: CellProvenance['drift'];
}): CellProvenance {
  const { assignment, drift } = options;
  const none: CellProvenance = {
    ...options.cell,
    covered: false,
    authority: null,
    tier: null,
    assignedAt: null,
    run: null,
    approval: null,
    ratification: null,
    events: { ratified: null, applied: null },
    drift,
  };
  if (!assignment) return none;
  const { run = null, ratification = null, events = none.events } = options.records ?? {};
  return {
    ...none,
    covered: assignment.covered,
    authority: assignment.authority,
    tier: assignment.tier,
    assignedAt: iso(assignment.assigned_at),
    run: {
      id: assignment.run_id,
      kind: run?.kind ?? null,
      actor: run?.actor ?? null,
      status: run?.status ?? null,
      startedAt: iso(run?.startedAt),
      finishedAt: iso(run?.finishedAt),
      appliedAt: iso(assignment.applied_at),
      appliedBy: assignment.applied_by,
      bundleDigest: assignment.ledger_digest ?? run?.bundleDigest ?? null,
      recorded: run !== null,
    },
    approval:
      assignment.approver === null
        ? null
        : {
            id: assignment.approval_id,
            proposalCode: assignment.proposal_code,
            approver: assignment.approver,
            approverLevel: assignment.approver_level ?? '',
            bundleDigest: assignment.approval_digest ?? '',
            approvedAt: iso(assignment.approved_at) ?? '',
            ratificationId: assignment.ratification_id,
            rehearsal: assignment.rehearsal ?? false,
            revokedAt: iso(assignment.revoked_at),
            revokedBy: assignment.revoked_by,
          },
    ratification: ratification
      ? {
          id: ratification.id,
          approverEmail: ratification.approverEmail,
          level: ratification.approverLevel,
          bundleDigest: ratification.bundleDigest,
          createdAt: ratification.createdAt.toISOString(),
          revokedAt: iso(ratification.revokedAt),
        }
      : null,
    events,
  };
}
