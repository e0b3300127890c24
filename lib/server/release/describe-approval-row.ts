import 'server-only';
import type { UnaccountedApproval } from '@/lib/server/ratification/find-unaccounted-approvals';
import { shortDigest } from '@/lib/short-digest';

/** An approval row no ratification accounts for, as the readiness check and the void list both name it. */
export function describeApprovalRow(row: UnaccountedApproval): string {
  return `${row.approver} at ${row.level}, ${row.approvedAt}, digest ${shortDigest(row.digest)}, written by ${row.writtenBy ?? 'nobody the approval log recorded'}`;
}
