import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { DsseEnvelope } from '@/lib/server/attestation/attestation-statement';
import { buildRatificationStatement } from '@/lib/server/attestation/build-ratification-statement';
import { signEnvelope } from '@/lib/server/attestation/sign-envelope';
import type { Actor } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';

const codeSchema = z.string().min(1).max(200);

/**
 * The signed attestation of who ratified the bundle's proposal at its current
 * digest: an in-toto statement in a DSSE envelope. Anyone who may read the
 * audit trail may have it; it says nothing the trail does not.
 */
export async function attestProposal(options: {
  actor: Actor;
  code: string;
  bundle?: Bundle;
}): Promise<DsseEnvelope> {
  assertPermission(options.actor, 'audit.read');
  const code = codeSchema.safeParse(options.code);
  if (!code.success) throw new DomainError('INVALID_INPUT', 'The proposal code must be 1 to 200 characters.');
  const bundle = options.bundle ?? (await loadBundle());
  if (code.data !== bundle.manifest.proposal.code)
    throw new DomainError(
      'NOT_FOUND',
      `There is no proposal ${code.data}; this bundle's is ${bundle.manifest.proposal.code}.`,
    );
  return signEnvelope({ statement: await buildRatificationStatement({ bundle }) });
}
