import 'server-only';
import type { Actor } from '@/lib/server/auth/actor';
import { approverLevelsOf } from '@/lib/server/auth/actor';
import { hasPermission } from '@/lib/server/auth/permissions';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readAssertions } from '@/lib/server/bundle/read-assertions';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';

/** Everything the proposal page shows, and what the viewing person may do there (with the reason if not). */
export async function getProposalView(options: { actor: Actor; bundle?: Bundle }) {
  const bundle = options.bundle ?? (await loadBundle());
  const { proposal } = bundle.manifest;
  const controlPlane = getControlPlane();
  const [gate, registered, ratifications] = await Promise.all([
    evaluateGate({ bundle }),
    controlPlane.proposal.findUnique({ where: { code: proposal.code } }),
    controlPlane.ratification.findMany({
      where: { proposalCode: proposal.code },
      include: { approver: { select: { email: true, name: true } } },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  const proposer = registered?.proposedById
    ? await controlPlane.user.findUnique({ where: { id: registered.proposedById }, select: { email: true } })
    : null;
  const assertions = readAssertions({ bundle });
  const authorities = bundle.manifest.authorities.map((authority) => ({
    ...authority,
    cells: assertions.filter((a) => a.authority === authority.code),
  }));

  const actor = options.actor;
  const levels = approverLevelsOf(actor);
  const allowedLevels = levels.filter((level) => proposal.ratifyingLevels.includes(level));
  const mine = ratifications.find(
    (r) => r.approverId === actor.id && r.bundleDigest === bundle.digest && !r.revokedAt,
  );
  const ratifyHint = !hasPermission(actor, 'proposal.ratify')
    ? 'Only approvers may ratify; your roles do not include approver.'
    : allowedLevels.length === 0
      ? `${proposal.code} needs approver level ${proposal.ratifyingLevels.join(' or ')}; yours is ${levels.join(', ')}.`
      : registered?.proposedById && registered.proposedById === actor.id
        ? 'You prepared this proposal, so another approver must ratify it.'
        : mine
          ? 'You have already ratified at this digest.'
          : null;
  const isL4 = levels.includes('L4');

  return {
    code: proposal.code,
    title: proposal.title,
    quorum: proposal.quorum,
    ratifyingLevels: proposal.ratifyingLevels,
    digest: bundle.digest,
    proposer: proposer?.email ?? null,
    authorities,
    assertionCount: assertions.length,
    gate,
    ratifications: ratifications.map((r) => ({
      id: r.id,
      approverEmail: r.approver.email,
      approverName: r.approver.name,
      level: r.approverLevel,
      digest: r.bundleDigest,
      stale: r.bundleDigest !== bundle.digest,
      createdAt: r.createdAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
      revokeReason: r.revokeReason,
      mayRevoke:
        !r.revokedAt && hasPermission(actor, 'proposal.revoke') && (r.approverId === actor.id || isL4),
    })),
    you: { ratifyHint, mayAttemptRatify: true },
  };
}

export type ProposalView = Awaited<ReturnType<typeof getProposalView>>;
