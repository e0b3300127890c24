import 'server-only';
import { z } from 'zod';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { changeOwnPasskeys } from '@/lib/server/passkeys/change-own-passkeys';
import { findOwnPasskey } from '@/lib/server/passkeys/find-own-passkey';
import { passkeyNameSchema } from '@/lib/server/passkeys/passkey-name';

export const renamePasskeyInput = z.object({
  passkeyId: z.uuid('Choose a passkey to rename.'),
  name: passkeyNameSchema,
});

/** Renames one of the person's own passkeys; another person's is "not found", never touched. */
export async function renamePasskey(options: {
  actor: Actor;
  context: RequestContext;
  passkeyId: string;
  name: string;
}): Promise<{ passkeyId: string; name: string }> {
  const refused = {
    kind: 'passkey.renamed' as const,
    data: {
      passkeyId: String(options.passkeyId ?? '').slice(0, 64),
      name: String(options.name ?? '').slice(0, 100),
      previousName: null,
    },
  };
  return changeOwnPasskeys({ ...options, refused }, async (record) => {
    const { passkeyId, name } = parseInput(renamePasskeyInput, options);
    await getControlPlane().$transaction(async (tx) => {
      const passkey = await findOwnPasskey({ actor: options.actor, passkeyId, tx });
      await tx.passkey.update({ where: { id: passkey.id }, data: { name } });
      await record(tx, { passkeyId, name, previousName: passkey.name });
    });
    return { passkeyId, name };
  });
}
