import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { consumePasskeyChallenge } from '@/lib/server/passkeys/consume-passkey-challenge';
import { type RelyingParty, relyingParty } from '@/lib/server/passkeys/relying-party';
import { verifyPasskeyManagementStepUp } from '@/lib/server/passkeys/verify-passkey-management-step-up';
import { authenticationResponseSchema, challengeOf } from '@/lib/server/passkeys/webauthn-responses';

const inputSchema = z.object({
  passkeyId: z.uuid('Choose a passkey to remove.'),
  assertion: authenticationResponseSchema,
});

/**
 * Removes one of the person's own passkeys, confirmed by a signature from one
 * of their passkeys (it may be the one removed). Ratifications it signed keep
 * their evidence, public key included, so they still verify offline.
 */
export async function removePasskey(options: {
  actor: Actor;
  context: RequestContext;
  passkeyId: string;
  assertion: unknown;
  relyingParty?: RelyingParty;
}): Promise<{ passkeyId: string }> {
  const meta = {
    kind: 'passkey.removed' as const,
    data: { passkeyId: String(options.passkeyId ?? '').slice(0, 64), name: null, credentialId: null },
    actor: options.actor,
    context: options.context,
    target: `user:${options.actor.label}`,
  };
  return auditRefusals(meta, async () => {
    assertPermission(options.actor, 'passkey.manage');
    const input = inputSchema.safeParse(options);
    if (!input.success)
      throw new DomainError('INVALID_INPUT', input.error.issues.map((i) => i.message).join(' '));
    const userId = options.actor.id ?? '';
    const controlPlane = getControlPlane();
    const owned = await controlPlane.passkey.findFirst({ where: { id: input.data.passkeyId, userId } });
    if (!owned) throw new DomainError('NOT_FOUND', 'You have no passkey with that id.');
    const challenge = challengeOf(input.data.assertion.response.clientDataJSON);
    await consumePasskeyChallenge({ userId, challenge, intent: 'remove' });
    await verifyPasskeyManagementStepUp({
      actor: options.actor,
      context: options.context,
      relyingParty: options.relyingParty ?? (await relyingParty()),
      challenge: challenge as string,
      assertion: input.data.assertion,
    });
    await controlPlane.$transaction(async (tx) => {
      const removed = await tx.passkey.deleteMany({ where: { id: owned.id, userId } });
      if (removed.count !== 1) throw new DomainError('NOT_FOUND', 'You have no passkey with that id.');
      await appendAuditEvent(tx, {
        ...meta,
        data: { passkeyId: owned.id, name: owned.name, credentialId: owned.credentialId },
        outcome: 'success',
      });
    });
    return { passkeyId: owned.id };
  });
}
