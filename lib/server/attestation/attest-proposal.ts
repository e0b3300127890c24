import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { DsseEnvelope } from '@/lib/server/attestation/attestation-statement';
import { buildRatificationStatement } from '@/lib/server/attestation/build-ratification-statement';
import { signEnvelope } from '@/lib/server/attestation/sign-envelope';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { parseInput } from '@/lib/server/parse-input';

export const attestProposalInput = z.object({
  code: z.string().min(1, 'must be 1 to 200 characters.').max(200, 'must be 1 to 200 characters.'),
});

/**
 * The signed attestation of who ratified the bundle's proposal at its current
 * digest: an in-toto statement in a DSSE envelope. Anyone who may read the
 * audit trail may have it; it says nothing the trail does not.
 */
export async function attestProposal(options: {
  actor: Actor;
  context: RequestContext;
  code: string;
  bundle?: Bundle;
}): Promise<DsseEnvelope> {
  await authorize({ ...options, permission: 'audit.read' });
  const { code } = parseInput(attestProposalInput, { code: options.code });
  const bundle = options.bundle ?? (await loadBundle());
  if (code !== bundle.manifest.proposal.code)
    throw new DomainError(
      'NOT_FOUND',
      `There is no proposal ${code}; this bundle's is ${bundle.manifest.proposal.code}.`,
    );
  return signEnvelope({ statement: await buildRatificationStatement({ bundle }) });
}
