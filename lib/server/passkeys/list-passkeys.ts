import 'server-only';
import type { Actor } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';

export type PasskeyView = {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
};

/** The person's own passkeys, oldest first; never anyone else's. */
export async function listPasskeys(options: { actor: Actor }): Promise<PasskeyView[]> {
  if (!options.actor.id) return [];
  const rows = await getControlPlane().passkey.findMany({
    where: { userId: options.actor.id },
    // What the page shows, and nothing of the key itself.
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(({ createdAt, lastUsedAt, ...row }) => ({
    ...row,
    createdAt: createdAt.toISOString(),
    lastUsedAt: lastUsedAt?.toISOString() ?? null,
  }));
}
