import 'server-only';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import type { Actor } from '@/lib/server/auth/actor';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';

/**
 * The first line of every signed-in page: renders per request, and sends a
 * visitor without a live session to sign in, returning to `path` afterwards.
 */
export async function requireActor(path: string): Promise<Actor> {
  await connection();
  const actor = await getCurrentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  return actor;
}
