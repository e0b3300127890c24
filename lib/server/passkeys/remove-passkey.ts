import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { changeOwnPasskeys } from '@/lib/server/passkeys/change-own-passkeys';
import { consumePasskeyChallenge } from '@/lib/server/passkeys/consume-passkey-challenge';
import { findOwnPasskey } from '@/lib/server/passkeys/find-own-passkey';
import { type RelyingParty, relyingParty } from '@/lib/server/passkeys/relying-party';
import { verifyPasskeyManagementStepUp } from '@/lib/server/passkeys/verify-passkey-management-step-up';
import { authenticationResponseSchema, challengeOf } from '@/lib/server/passkeys/webauthn-responses';

export const removePasskeyInput = z.object({
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
  const refused = {
    kind: 'passkey.removed' as const,
    data: { passkeyId: String(options.passkeyId ?? '').slice(0, 64), name: null, credentialId: null },
  };
  return changeOwnPasskeys({ ...options, refused }, async (record) => {
    const input = parseInput(removePasskeyInput, options);
    const owned = await findOwnPasskey({ actor: options.actor, passkeyId: input.passkeyId });
    const userId = owned.userId;
    const challenge = challengeOf(input.assertion.response.clientDataJSON);
    await consumePasskeyChallenge({ userId, challenge, intent: 'remove' });
    await verifyPasskeyManagementStepUp({
      actor: options.actor,
      context: options.context,
      relyingParty: options.relyingParty ?? (await relyingParty()),
      challenge: challenge as string,
      assertion: input.assertion,
    });
    await getControlPlane().$transaction(async (tx) => {
      const removed = await tx.passkey.deleteMany({ where: { id: owned.id, userId } });
      if (removed.count !== 1) throw new DomainError('NOT_FOUND', 'You have no passkey with that id.');
      await record(tx, { passkeyId: owned.id, name: owned.name, credentialId: owned.credentialId });
    });
    return { passkeyId: owned.id };
  });
}
