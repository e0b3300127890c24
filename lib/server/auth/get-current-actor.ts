import 'server-only';
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { headers } from 'next/headers';
import { getServerSession } from 'next-auth';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { buildAuthOptions } from '@/lib/server/auth/auth-options';
import { loadActor } from '@/lib/server/auth/load-actor';

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/** The signed-in person for this request, loaded from the database, or null. */
export async function getCurrentActor(): Promise<Actor | null> {
  const forwardedProto = (await headers()).get('x-forwarded-proto');
  const session = (await getServerSession(buildAuthOptions({ forwardedProto }))) as {
    userId?: string | null;
  } | null;
  if (!session?.userId) return null;
  return loadActor({ userId: session.userId });
}

/**
 * Reads the request's address and id. Under `npm start` the custom server
 * (scripts/lib/sanitize-request.ts) has already replaced both with the
 * socket's address and a fresh id, unless TRUST_PROXY=1 let a validated proxy
 * value through; the checks here only keep a malformed value out of the log.
 */
export async function getRequestContext(): Promise<RequestContext> {
  return requestContextFrom(await headers());
}

/** The same reading for a request in hand (the proxy has no request scope for `headers()`). */
export function requestContextFrom(incoming: Headers): RequestContext {
  const ip = incoming.get('x-forwarded-for')?.trim() ?? '';
  const requestId = incoming.get('x-request-id') ?? '';
  return {
    requestId: REQUEST_ID.test(requestId) ? requestId : randomUUID(),
    ip: isIP(ip) ? ip : null,
  };
}
