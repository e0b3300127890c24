import 'server-only';
import { z } from 'zod';
import type { AssignmentRow, CellRecords } from '@/lib/server/coverage/cell-provenance';
import { getControlPlane } from '@/lib/server/db/control-plane';

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** The control plane's side of an assignment: its ratification, its run, and the events that recorded both. */
export async function findCellRecords(assignment: AssignmentRow): Promise<CellRecords> {
  const controlPlane = getControlPlane();
  const [ratification, run] = await Promise.all([
    controlPlane.ratification.findFirst({
      where: { approvalRowId: assignment.approval_id },
      include: { approver: { select: { email: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    isUuid(assignment.run_id) ? controlPlane.run.findUnique({ where: { id: assignment.run_id } }) : null,
  ]);
  const [ratified, applied] = await Promise.all([
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
    run,
    ratification: ratification && { ...ratification, approverEmail: ratification.approver.email },
    events: { ratified: ref(ratified), applied: ref(applied) },
  };
}
