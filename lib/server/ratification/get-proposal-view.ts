import 'server-only';
import { readEnv } from '@/lib/env';
import { mayRatify, mayRatifyAgain, mayRatifyAsNonProposer, mayRevoke } from '@/lib/ratification-rules';
import type { Actor } from '@/lib/server/auth/actor';
import { hasPermission } from '@/lib/server/auth/permissions';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';
import { type ObservedCell, readRehearsalEffect } from '@/lib/server/rehearsal/read-rehearsal-effect';

/** Everything the proposal page shows, and what the viewing person may do there (with the reason if not). */
export async function getProposalView(options: { actor: Actor; bundle?: Bundle }) {
  const bundle = options.bundle ?? (await loadBundle());
  const { proposal } = bundle.manifest;
  const controlPlane = getControlPlane();
  const [gate, registered, ratifications, rehearsal, viewer, viewerPasskeys] = await Promise.all([
    evaluateGate({ bundle }),
    controlPlane.proposal.findUnique({ where: { code: proposal.code } }),
    controlPlane.ratification.findMany({
      where: { proposalCode: proposal.code },
      include: { approver: { select: { email: true, name: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    readRehearsalEffect({ bundle }),
    controlPlane.user.findUnique({
      where: { id: options.actor.id ?? '' },
      select: { passwordHash: true, oidcSubject: true },
    }),
    options.actor.id ? controlPlane.passkey.count({ where: { userId: options.actor.id } }) : 0,
  ]);
  const tierFiles = tierFilesOf(bundle);
  // How this person can prove it is them again: an account without a password has only single sign-on.
  const env = readEnv();
  // RATIFY_STEP_UP: whoever has a passkey signs with it (passkey), may (either), or may not (password).
  const passkey = viewerPasskeys > 0 && env.RATIFY_STEP_UP !== 'password';
  const passkeyOnly = passkey && env.RATIFY_STEP_UP === 'passkey';
  const stepUp = {
    password: Boolean(viewer?.passwordHash) && !passkeyOnly,
    singleSignOn: Boolean(viewer?.oidcSubject) && Boolean(env.OIDC_ISSUER) && !passkeyOnly,
    passkey,
  };
  const signingPasskeys = new Map(
    (
      await controlPlane.passkey.findMany({
        where: { id: { in: ratifications.flatMap((r) => (r.passkeyId ? [r.passkeyId] : [])) } },
        select: { id: true, name: true },
      })
    ).map((p) => [p.id, p.name]),
  );
  const proposer = registered?.proposedById
    ? await controlPlane.user.findUnique({ where: { id: registered.proposedById }, select: { email: true } })
    : null;

  const actor = options.actor;
  const mine = ratifications.some(
    (r) => r.approverId === actor.id && r.bundleDigest === bundle.digest && !r.revokedAt,
  );
  // The first rule that would refuse, in the order the server checks them; the rehearsal speaks last.
  const refusal = [
    mayRatify(actor, proposal),
    mayRatifyAsNonProposer(actor, { code: proposal.code, proposedById: registered?.proposedById ?? null }),
    mayRatifyAgain(proposal, mine),
  ].find((verdict) => !verdict.allowed);
  const ratifyHint = refusal && !refusal.allowed ? refusal.sentence : (rehearsal.blocker?.sentence ?? null);

  return {
    code: proposal.code,
    title: proposal.title,
    quorum: proposal.quorum,
    ratifyingLevels: proposal.ratifyingLevels,
    digest: bundle.digest,
    schema: bundle.manifest.schema,
    proposer: proposer?.email ?? null,
    authorities: byAuthority(bundle, rehearsal.cells),
    assertionCount: rehearsal.cells.length,
    rehearsal,
    files: bundle.files,
    tierFiles,
    gate,
    // Rehearse, then ratify, then apply: the rehearsal speaks first.
    blocker: rehearsal.blocker?.sentence ?? gate.blocker,
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
      stepUp: r.stepUp,
      // A passkey removed since still signed this: its evidence stays on the ratification.
      passkeyName: r.passkeyId ? (signingPasskeys.get(r.passkeyId) ?? null) : null,
      mayRevoke: !r.revokedAt && hasPermission(actor, 'proposal.revoke') && mayRevoke(actor, r).allowed,
    })),
    you: {
      ratifyHint,
      mayAuthorizeStructure: hasPermission(actor, 'structure.authorize'),
      stepUp,
    },
  };
}

/** Observed cells per authority; an authority the manifest does not name is shown all the same. */
function byAuthority(bundle: Bundle, cells: ObservedCell[]) {
  const known = bundle.manifest.authorities.map((authority) => ({
    code: authority.code,
    name: authority.name,
  }));
  const unknown = [...new Set(cells.map((cell) => cell.authority))]
    .filter((code) => !known.some((authority) => authority.code === code))
    .sort()
    .map((code) => ({ code, name: 'not one of the manifest’s authorities' }));
  return [...known, ...unknown].map((authority) => ({
    ...authority,
    cells: cells
      .filter((cell) => cell.authority === authority.code)
      .map(({ collection, responsibility, tier }) => ({ collection, responsibility, tier })),
  }));
}

/** The exact bytes that were hashed into the digest and that a run executes: nothing is read again. */
function tierFilesOf(bundle: Bundle) {
  return bundle.tiers.map((tier) => ({
    tier: tier.tier,
    name: tier.name,
    gate: tier.gate,
    path: tier.file,
    sha256: tier.sha256,
    sql: tier.sql,
  }));
}

export type ProposalView = Awaited<ReturnType<typeof getProposalView>>;
