import 'server-only';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { changeOwnPasskeys } from '@/lib/server/passkeys/change-own-passkeys';
import { consumePasskeyChallenge } from '@/lib/server/passkeys/consume-passkey-challenge';
import { passkeyNameSchema } from '@/lib/server/passkeys/passkey-name';
import { type RelyingParty, relyingParty } from '@/lib/server/passkeys/relying-party';
import { verifyPasskeyManagementStepUp } from '@/lib/server/passkeys/verify-passkey-management-step-up';
import {
  authenticationResponseSchema,
  challengeOf,
  registrationResponseSchema,
} from '@/lib/server/passkeys/webauthn-responses';

export const finishPasskeyRegistrationInput = z.object({
  name: passkeyNameSchema,
  response: registrationResponseSchema,
  password: z.string().max(1024, 'The password is too long.').optional(),
  stepUpGrant: z.uuid('The single sign-on confirmation is not valid; confirm again.').optional(),
  assertion: authenticationResponseSchema.optional(),
});

export type RegisteredPasskey = { id: string; name: string; credentialId: string };

/**
 * Finishes registering a passkey: the challenge used up first (so an answer
 * replayed, even after a refusal, is refused), then the step-up, then the
 * authenticator's answer checked against this relying party with user
 * verification required. The passkey and its audit event commit together.
 */
export async function finishPasskeyRegistration(options: {
  actor: Actor;
  context: RequestContext;
  name: string;
  response: unknown;
  password?: string;
  stepUpGrant?: string;
  assertion?: unknown;
  relyingParty?: RelyingParty;
}): Promise<RegisteredPasskey> {
  const refused = {
    kind: 'passkey.registered' as const,
    data: {
      passkeyId: null,
      name: String(options.name ?? '').slice(0, 100),
      credentialId: null,
      stepUp: null,
    },
  };
  return changeOwnPasskeys({ ...options, refused }, async (record) => {
    const input = parseInput(finishPasskeyRegistrationInput, options);
    const userId = options.actor.id ?? '';
    const rp = options.relyingParty ?? (await relyingParty());
    const challenge = challengeOf(input.response.response.clientDataJSON);
    await consumePasskeyChallenge({ userId, challenge, intent: 'register' });
    const stepUp = await verifyPasskeyManagementStepUp({
      actor: options.actor,
      context: options.context,
      password: input.password,
      stepUpGrant: input.stepUpGrant,
      assertion: input.assertion,
      relyingParty: rp,
      challenge: challenge as string,
    });
    const verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge as string,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: true,
    }).catch((error: Error) => {
      throw new DomainError(
        'PASSKEY_REJECTED',
        `The authenticator's answer did not verify: ${error.message}`,
      );
    });
    const info = verification.registrationInfo;
    if (!verification.verified || !info) {
      throw new DomainError('PASSKEY_REJECTED', "The authenticator's answer did not verify.");
    }
    try {
      return await getControlPlane().$transaction(async (tx) => {
        const passkey = await tx.passkey.create({
          data: {
            userId,
            credentialId: info.credential.id,
            publicKey: Buffer.from(info.credential.publicKey),
            counter: BigInt(info.credential.counter),
            transports: info.credential.transports ?? [],
            name: input.name,
            aaguid: info.aaguid,
            backedUp: info.credentialBackedUp,
          },
        });
        const { id, name, credentialId } = passkey;
        await record(tx, { passkeyId: id, name, credentialId, stepUp });
        return { id, name, credentialId };
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DomainError('PASSKEY_REJECTED', 'This passkey is already registered.');
      }
      throw error;
    }
  });
}
