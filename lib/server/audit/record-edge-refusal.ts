import 'server-only';
import type { NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { readEnv } from '@/lib/env';
import type { DomainError } from '@/lib/errors';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { requestContextFrom } from '@/lib/server/auth/get-current-actor';
import { loadActor } from '@/lib/server/auth/load-actor';

/**
 * Audits a request the edge refused before any route or action ran (a
 * malformed action payload), when it carries the session of a person who is
 * still enabled. The session is read from its own signed cookie, as next-auth
 * reads it; the person is loaded from the database as on every request. A
 * cross-origin refusal is never recorded: its cookie is the victim's, not
 * the sender's.
 */
export async function recordEdgeRefusal(options: {
  request: NextRequest;
  refusal: DomainError;
}): Promise<void> {
  const { request, refusal } = options;
  if (refusal.code === 'CROSS_ORIGIN') return;
  try {
    const token = await getToken({
      req: request,
      secret: readEnv().NEXTAUTH_SECRET,
      secureCookie: request.cookies.has('__Secure-next-auth.session-token'),
    });
    const actor = token?.sub ? await loadActor({ userId: token.sub }) : null;
    if (!actor) return;
    await auditRefusals(
      {
        kind: 'input.refused',
        data: { input: `request to ${request.nextUrl.pathname}` },
        actor,
        context: requestContextFrom(request.headers),
        target: `page:${request.nextUrl.pathname}`,
      },
      () => Promise.reject(refusal),
    ).catch((error: unknown) => {
      if (error !== refusal) throw error;
    });
  } catch (error) {
    // The refusal stands whether or not it could be written down; the log says which was lost.
    console.error('[one-roof] an edge refusal could not be audited:', error);
  }
}
