import 'server-only';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { findUnaccountedApprovals } from '@/lib/server/ratification/find-unaccounted-approvals';
import { describeApprovalRow } from './describe-approval-row';
import type { CheckResult } from './get-readiness';

/** Every standing production approval row must have been written by a recorded ratification. */
export async function checkApprovalRows({ bundle }: { bundle: Bundle }): Promise<CheckResult> {
  let accounting: Awaited<ReturnType<typeof findUnaccountedApprovals>>;
  try {
    accounting = await findUnaccountedApprovals({ bundle });
  } catch (error) {
    return { ok: false, detail: `The approval rows could not be read: ${(error as Error).message}` };
  }
  const { unaccounted, logAttached } = accounting;
  const named = unaccounted.map((row) => `row ${row.id}: ${describeApprovalRow(row)}`);
  const problems = [
    ...(named.length > 0
      ? [`No recorded ratification wrote ${named.join('; ')}. An L4 approver must void it.`]
      : []),
    ...(logAttached ? [] : ['The approval log trigger on production is missing or disabled.']),
  ];
  return {
    ok: problems.length === 0,
    detail: problems.join(' ') || 'Every standing approval row was written by a recorded ratification.',
  };
}
