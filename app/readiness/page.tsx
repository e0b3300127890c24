import type { Metadata } from 'next';
import { PageHeading } from '@/components/page-heading';
import { ReadinessBoard } from '@/components/readiness/readiness-board';
import { VoidApprovalForm } from '@/components/readiness/void-approval-form';
import { mayVoidApprovalRow } from '@/lib/ratification-rules';
import { hasPermission } from '@/lib/server/auth/permissions';
import { requireActor } from '@/lib/server/auth/require-actor';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { findUnaccountedApprovals } from '@/lib/server/ratification/find-unaccounted-approvals';
import { describeApprovalRow } from '@/lib/server/release/describe-approval-row';
import { getReadiness } from '@/lib/server/release/get-readiness';

export const metadata: Metadata = { title: 'Readiness · One-Roof Release Gate' };

export default async function ReadinessPage() {
  const actor = await requireActor('/readiness');
  const canVoid = hasPermission(actor, 'approval.void') && mayVoidApprovalRow(actor).allowed;
  // The checklist already reports an unreachable production; the void list just stays empty then.
  const unaccounted = canVoid
    ? await loadBundle()
        .then((bundle) => findUnaccountedApprovals({ bundle }))
        .then((result) => result.unaccounted)
        .catch(() => [])
    : [];
  // getReadiness reports an unreachable database as a failed item rather than throwing.
  const readiness = await getReadiness();
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-6">
      <PageHeading title="Readiness">
        Whether the seed tiers may be applied to production now. The blocker is the first unmet item, in the
        order a person would have to clear them.
      </PageHeading>
      <ReadinessBoard initial={readiness} />
      {unaccounted.length > 0 && (
        <section aria-labelledby="unaccounted-heading" className="space-y-3">
          <h2 id="unaccounted-heading" className="text-base font-semibold">
            Approval rows no recorded ratification wrote
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Voiding marks the row revoked in production and records your reason in the audit log. A
            ratification the app recorded is revoked from the proposal page instead.
          </p>
          {unaccounted.map((row) => (
            <VoidApprovalForm
              key={row.id}
              approvalRowId={row.id}
              summary={`Row ${row.id}: ${describeApprovalRow(row)}.`}
            />
          ))}
        </section>
      )}
    </main>
  );
}
