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
  const rows = await getControlPlane().personalToken.findMany({
    where: { userId: options.actor.id },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }));
}
