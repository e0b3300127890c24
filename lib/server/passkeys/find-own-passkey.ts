import 'server-only';
import { DomainError } from '@/lib/errors';
import type { Passkey, Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';

/** One of the person's own passkeys; another person's is "not found", so its existence is not told. */
export async function findOwnPasskey(options: {
  actor: Actor;
  passkeyId: string;
  tx?: Prisma.TransactionClient;
}): Promise<Passkey> {
  const passkey = await (options.tx ?? getControlPlane()).passkey.findFirst({
    where: { id: options.passkeyId, userId: options.actor.id ?? '' },
  });
  if (!passkey) throw new DomainError('NOT_FOUND', 'You have no passkey with that id.');
  return passkey;
}
