import 'server-only';
import type { Actor } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';

export type PersonalTokenView = {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** The person's own tokens, newest first; never the token itself, which is not stored. */
export async function listPersonalTokens(options: { actor: Actor }): Promise<PersonalTokenView[]> {
  if (!options.actor.id) return [];
  // Only what the page shows: the stored hash never leaves the database.
  const rows = await getControlPlane().personalToken.findMany({
    where: { userId: options.actor.id },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true },
  });
  return rows.map(({ createdAt, expiresAt, lastUsedAt, revokedAt, ...token }) => ({
    ...token,
    createdAt: createdAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    lastUsedAt: lastUsedAt?.toISOString() ?? null,
    revokedAt: revokedAt?.toISOString() ?? null,
  }));
}
