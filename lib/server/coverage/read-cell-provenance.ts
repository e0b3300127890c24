import 'server-only';
import { z } from 'zod';
import { type Actor, newRequestContext, type RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { type CellProvenance, toCellProvenance } from '@/lib/server/coverage/cell-provenance';
import { findCellRecords } from '@/lib/server/coverage/find-cell-records';
import { readCellAssignment } from '@/lib/server/coverage/read-cell-assignment';
import { readCellDrift } from '@/lib/server/coverage/read-cell-drift';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { parseInput } from '@/lib/server/parse-input';

/** A cell is valid only against the bundle's own collections and kinds. */
export function readCellProvenanceInput(bundle: Bundle) {
  return z.object({
    collection: z.string().refine((value) => bundle.collections.includes(value), {
      error: (issue) => `"${String(issue.input)}" is not governed by the bundle`,
    }),
    responsibility: z.string().refine((value) => bundle.kinds.includes(value), {
      error: (issue) =>
        `"${String(issue.input)}" is not one of the bundle's kinds (${bundle.kinds.join(', ')})`,
    }),
    environment: z.string().min(1).default('production'),
  });
}

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
  await authorize({
    actor: options.actor,
    context: options.context ?? newRequestContext(),
    permission: 'audit.read',
    target: `provenance:${options.environment ?? 'production'}`,
  });
  const bundle = options.bundle ?? (await loadBundle());
  const input = parseInput(readCellProvenanceInput(bundle), {
    collection: options.collection,
    responsibility: options.responsibility,
    environment: options.environment || undefined,
  });
  const { collection, responsibility } = input;
  const environment = resolveEnvironment({ name: input.environment });
  // Side by side: a target that cannot answer costs one read timeout, not two.
  const [assignment, drift] = await Promise.all([
    readCellAssignment({ environment, bundle, collection, responsibility }),
    readCellDrift({ environment: environment.name, bundle, collection, responsibility }),
  ]);
  const records = assignment ? await findCellRecords(assignment) : null;
  const cell = { environment: environment.name, collection, responsibility };
  return toCellProvenance({ cell, assignment, records, drift });
}
