import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { getServerSession } from 'next-auth';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { buildAuthOptions } from '@/lib/server/auth/auth-options';
import { loadActor } from '@/lib/server/auth/load-actor';

/** The signed-in person for this request, loaded from the database, or null. */
export async function getCurrentActor(): Promise<Actor | null> {
  const forwardedProto = (await headers()).get('x-forwarded-proto');
  const session = (await getServerSession(buildAuthOptions({ forwardedProto }))) as {
    userId?: string | null;
  } | null;
  if (!session?.userId) return null;
  return loadActor({ userId: session.userId });
}

export async function getRequestContext(): Promise<RequestContext> {
  const incoming = await headers();
  const forwarded = incoming.get('x-forwarded-for')?.split(',')[0]?.trim();
  return {
    requestId: incoming.get('x-request-id') ?? randomUUID(),
    ip: forwarded || incoming.get('x-real-ip') || null,
  };
}
