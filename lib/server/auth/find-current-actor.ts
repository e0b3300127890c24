import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { connection } from 'next/server';
import type { Actor } from '@/lib/server/auth/actor';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';

/**
 * The signed-in person for the page's chrome (the navigation bar), or null.
 * A failure to read them is logged, not thrown: the page below reports it,
 * and the bar just stays out of the way.
 */
export async function findCurrentActor(): Promise<Actor | null> {
  await connection();
  try {
    return await getCurrentActor();
  } catch (error) {
    unstable_rethrow(error);
    console.error('[one-roof] navigation: the signed-in person could not be read:', error);
    return null;
  }
}
