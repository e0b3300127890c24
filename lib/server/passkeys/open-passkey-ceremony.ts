import 'server-only';
import { z } from 'zod';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { type RelyingParty, relyingParty } from '@/lib/server/passkeys/relying-party';

/** No fields: whose passkeys they are comes from the session, never from the form. */
export const ownPasskeysInput = z.object({});

export type PasskeyCeremony = { actor: Actor; context: RequestContext; relyingParty?: RelyingParty };

/** The opening of every ceremony on a person's own passkeys: the permission check, then the relying party. */
export async function openPasskeyCeremony(options: PasskeyCeremony): Promise<RelyingParty> {
  await authorize({ actor: options.actor, context: options.context, permission: 'passkey.manage' });
  return options.relyingParty ?? (await relyingParty());
}
