import 'server-only';
import pg from 'pg';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { type Actor, newRequestContext, type RequestContext } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { DriftEntry } from '@/lib/server/drift/read-drift';
import { type DriftExplanation, readDriftState } from '@/lib/server/drift/read-drift-state';
import { readEnvironment } from '@/lib/server/environments/read-environment';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';

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

type AssignmentRow = {
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

const isUuid = (value: string) => z.uuid().safeParse(value).success;
const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

/**
 * Who made one cell of the coverage matrix true: the assignment in the
 * target, the approval and ledger row it rests on, and from the control plane
 * the ratification, run and audit events that account for them.
 */
export async function readCellProvenance(options: {
  actor: Actor;
  context?: RequestContext;
  collection: string;
  responsibility: string;
  environment?: string;
  bundle?: Bundle;
}): Promise<CellProvenance> {
  const { actor } = options;
  await auditRefusals(
    {
      kind: 'access.denied',
      data: { permission: 'audit.read' },
      actor,
      context: options.context ?? newRequestContext(),
      target: `provenance:${options.environment ?? 'production'}`,
    },
    async () => assertPermission(actor, 'audit.read'),
  );
  const bundle = options.bundle ?? (await loadBundle());
  const input = z
    .object({
      collection: z.string().refine((value) => bundle.collections.includes(value), {
        error: (issue) => `collection "${String(issue.input)}" is not governed by the bundle`,
      }),
      responsibility: z.string().refine((value) => bundle.kinds.includes(value), {
        error: (issue) =>
          `responsibility "${String(issue.input)}" is not one of the bundle's kinds (${bundle.kinds.join(', ')})`,
      }),
      environment: z.string().min(1).default('production'),
    })
    .safeParse({
      collection: options.collection,
      responsibility: options.responsibility,
      environment: options.environment || undefined,
    });
  if (!input.success) {
    const issue = input.error.issues[0];
    throw new DomainError('INVALID_INPUT', issue?.message ?? 'The cell is not valid.', {
      field: issue?.path.join('.'),
    });
  }
  const { collection, responsibility } = input.data;
  const environment = resolveEnvironment({ name: input.data.environment });
  // Side by side: a target that cannot answer costs one read timeout, not two.
  const [assignment, drift] = await Promise.all([
    readAssignment({ environment, bundle, collection, responsibility }),
    readCellDrift({ environment: environment.name, bundle, collection, responsibility }),
  ]);
  const none: CellProvenance = {
    environment: environment.name,
    collection,
    responsibility,
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

  const controlPlane = getControlPlane();
  const [ratification, run] = await Promise.all([
    controlPlane.ratification.findFirst({
      where: { approvalRowId: assignment.approval_id },
      include: { approver: { select: { email: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    isUuid(assignment.run_id) ? controlPlane.run.findUnique({ where: { id: assignment.run_id } }) : null,
  ]);
  const [ratifiedEvent, appliedEvent] = await Promise.all([
    ratification
      ? controlPlane.auditEvent.findFirst({
          where: {
            kind: 'proposal.ratify',
            outcome: 'success',
            data: { path: ['ratificationId'], equals: ratification.id },
          },
          orderBy: { seq: 'asc' },
          select: { seq: true, id: true },
        })
      : null,
    controlPlane.auditEvent.findFirst({
      where: {
        kind: 'tier.applied',
        AND: [
          { data: { path: ['runId'], equals: assignment.run_id } },
          { data: { path: ['tier'], equals: assignment.tier } },
        ],
      },
      orderBy: { seq: 'asc' },
      select: { seq: true, id: true },
    }),
  ]);
  const ref = (event: { seq: bigint; id: string } | null) =>
    event ? { seq: String(event.seq), id: event.id } : null;

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
          approverEmail: ratification.approver.email,
          level: ratification.approverLevel,
          bundleDigest: ratification.bundleDigest,
          createdAt: ratification.createdAt.toISOString(),
          revokedAt: iso(ratification.revokedAt),
        }
      : null,
    events: { ratified: ref(ratifiedEvent), applied: ref(appliedEvent) },
  };
}

/** A deleted assignment leaves no row to explain, so the cell's drift is read whether or not anyone is assigned now. */
async function readCellDrift(options: {
  environment: string;
  bundle: Bundle;
  collection: string;
  responsibility: string;
}): Promise<CellProvenance['drift']> {
  const state = await readDriftState({ environment: options.environment, bundle: options.bundle }).catch(
    (error: unknown) => {
      console.error(`[one-roof] provenance: the drift of ${options.environment} could not be read:`, error);
      return null;
    },
  );
  if (!state) return null;
  return (
    state.drift.entries
      // A governed_collections row concerns its whole row of cells; a responsibility_kinds row its whole column.
      .filter(
        ({ key }) =>
          (key.collection !== undefined || key.responsibility !== undefined) &&
          (key.collection ?? options.collection) === options.collection &&
          (key.responsibility ?? options.responsibility) === options.responsibility,
      )
      .map((entry) => ({ ...entry, explanation: state.explanations[String(entry.id)] ?? null }))
  );
}

async function readAssignment(options: {
  environment: { name: string; url: string };
  bundle: Bundle;
  collection: string;
  responsibility: string;
}): Promise<AssignmentRow | null> {
  const { bundle } = options;
  const schema = pg.escapeIdentifier(bundle.manifest.schema);
  const approvals = `public.${pg.escapeIdentifier(bundle.manifest.proposal.approvalsTable)}`;
  return readEnvironment({
    environment: options.environment,
    work: async (client) => {
      const present = await client.query<{ present: boolean }>(
        'SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS present',
        [`${bundle.manifest.schema}.assignments`, `${bundle.manifest.schema}.coverage`],
      );
      if (!present.rows[0]?.present) return null;
      // Fixed SQL over the bundle's own views; schema and table names are the manifest's validated identifiers.
      const result = await client.query<AssignmentRow>(
        `SELECT a.authority, a.tier, a.proposal_code, a.approval_id, a.run_id, a.assigned_at,
                p.approver, p.approver_level, p.bundle_digest AS approval_digest, p.approved_at,
                p.ratification_id, p.rehearsal, p.revoked_at, p.revoked_by,
                l.bundle_digest AS ledger_digest, l.applied_at, l.applied_by,
                EXISTS (
                  SELECT 1 FROM ${schema}.coverage c
                   WHERE c.collection = a.collection AND c.responsibility = a.responsibility
                ) AS covered
           FROM ${schema}.assignments a
           LEFT JOIN ${approvals} p ON p.id = a.approval_id
           LEFT JOIN ${schema}.tier_ledger l ON l.tier = a.tier
          WHERE a.collection = $1 AND a.responsibility = $2`,
        [options.collection, options.responsibility],
      );
      return result.rows[0] ?? null;
    },
  });
}
