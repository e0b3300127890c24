import 'server-only';
import {
  RATIFICATION_PREDICATE_TYPE,
  type RatificationStatement,
  STATEMENT_TYPE,
} from '@/lib/server/attestation/attestation-statement';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { passkeyEvidenceSchema } from '@/lib/server/passkeys/passkey-evidence';

/**
 * The in-toto statement for the bundle as it is now: its digest as the
 * subject, and every ratification at that digest (revoked ones too, with their
 * revocations listed) with the WebAuthn evidence the ratification stored, so
 * a verifier can check each signature without this server.
 */
export async function buildRatificationStatement(options: {
  bundle: Bundle;
}): Promise<RatificationStatement> {
  const { bundle } = options;
  const { proposal } = bundle.manifest;
  const controlPlane = getControlPlane();
  const [registered, ratifications] = await Promise.all([
    controlPlane.proposal.findUnique({ where: { code: proposal.code } }),
    controlPlane.ratification.findMany({
      where: { proposalCode: proposal.code, bundleDigest: bundle.digest },
      include: { approver: { select: { id: true, email: true, name: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
  ]);
  const peopleIds = [
    registered?.proposedById,
    ...ratifications.map((ratification) => ratification.revokedById),
  ].filter((id): id is string => Boolean(id));
  const people = await controlPlane.user.findMany({
    where: { id: { in: peopleIds } },
    select: { id: true, email: true },
  });
  const emailOf = (id: string | null | undefined) => people.find((person) => person.id === id)?.email ?? null;
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: bundle.manifest.name, digest: { sha256: bundle.digest } }],
    predicateType: RATIFICATION_PREDICATE_TYPE,
    predicate: {
      proposal: { code: proposal.code, title: proposal.title, proposer: emailOf(registered?.proposedById) },
      policy: { quorum: proposal.quorum, ratifyingLevels: [...proposal.ratifyingLevels] },
      standing: ratifications.filter((ratification) => !ratification.revokedAt).length,
      ratifications: ratifications.map((ratification) => ({
        id: ratification.id,
        approver: ratification.approver,
        level: ratification.approverLevel,
        ratifiedAt: ratification.createdAt.toISOString(),
        stepUp: ratification.stepUp as 'password' | 'sso' | 'passkey',
        // Evidence altered into another shape is left out rather than signed: the verifier then fails this
        // ratification as a passkey one without evidence, which is what it has become.
        passkey: passkeyEvidenceSchema.safeParse(ratification.passkeyEvidence).data ?? null,
      })),
      revocations: ratifications.flatMap((ratification) =>
        ratification.revokedAt
          ? [
              {
                ratificationId: ratification.id,
                revokedAt: ratification.revokedAt.toISOString(),
                revokedBy: emailOf(ratification.revokedById),
                reason: ratification.revokeReason,
              },
            ]
          : [],
      ),
      attestedAt: new Date().toISOString(),
    },
  };
}
