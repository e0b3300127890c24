import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';

export const revokePersonalTokenInput = z.object({ tokenId: z.uuid('Choose a token to revoke.') });

/** Revokes one of the person's own tokens; the CLI refuses it from then on. */
export async function revokePersonalToken(options: {
  actor: Actor;
  context: RequestContext;
  tokenId: string;
}): Promise<{ tokenId: string }> {
  const meta = {
    kind: 'token.revoked' as const,
    data: { tokenId: String(options.tokenId ?? '').slice(0, 64) },
    actor: options.actor,
    context: options.context,
    target: `user:${options.actor.label}`,
  };
  return auditRefusals(meta, async () => {
    const input = parseInput(revokePersonalTokenInput, options);
    await getControlPlane().$transaction(async (tx) => {
      const updated = await tx.personalToken.updateMany({
        where: { id: input.tokenId, userId: options.actor.id ?? '', revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (updated.count !== 1) throw new DomainError('NOT_FOUND', 'You have no active token with that id.');
      await appendAuditEvent(tx, { ...meta, outcome: 'success' });
    });
    return { tokenId: input.tokenId };
  });
}
