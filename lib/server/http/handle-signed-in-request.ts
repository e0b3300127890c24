import 'server-only';
import { connection, NextResponse } from 'next/server';
import { isDomainError, type RefusalCode } from '@/lib/errors';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getCurrentActor, getRequestContext } from '@/lib/server/auth/get-current-actor';
import { assertBoundedQuery } from '@/lib/server/http/assert-bounded-query';
import { assertSameOrigin } from '@/lib/server/http/assert-same-origin';
import { type ParsedQuery, parseQuery, type QueryFields } from '@/lib/server/http/parse-query';

const noStore = { 'Cache-Control': 'no-store' };

const statusFor: Partial<Record<RefusalCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CROSS_ORIGIN: 403,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
};

/**
 * The one shape of every JSON route that needs a person: a request from a
 * page of this app (checked before the session is read, so a forged request
 * costs no lookup and writes no audit event), the signed-in actor loaded from
 * the database, a bounded query (and, for a route that names its parameters,
 * exactly those, each in its domain) whose refusal is audited, refusals as
 * `{ error: { code, message } }` with a fitting status, and nothing cached.
 */
export async function handleSignedInRequest<F extends QueryFields = Record<never, never>>(
  request: Request,
  what: string,
  respond: (args: {
    actor: Actor;
    context: RequestContext;
    query: ParsedQuery<F>;
  }) => Promise<Response | unknown>,
  fields?: F,
): Promise<Response> {
  await connection();
  try {
    assertSameOrigin({ headers: request.headers, method: request.method });
    const actor = await getCurrentActor();
    if (!actor) {
      return NextResponse.json(
        { error: { code: 'UNAUTHENTICATED', message: `Sign in to see ${what}.` } },
        { status: 401, headers: noStore },
      );
    }
    const context = await getRequestContext();
    const query = await auditRefusals(
      {
        kind: 'input.refused',
        data: { input: `query of ${what}` },
        actor,
        context,
        target: `route:${new URL(request.url).pathname}`,
      },
      async () => {
        if (fields) return parseQuery({ url: request.url, fields });
        assertBoundedQuery({ url: request.url });
        return {} as ParsedQuery<F>;
      },
    );
    const result = await respond({ actor, context, query });
    return result instanceof Response ? result : NextResponse.json(result, { headers: noStore });
  } catch (error) {
    if (isDomainError(error)) {
      return NextResponse.json(
        { error: { code: error.code, message: error.message } },
        { status: statusFor[error.code] ?? 409, headers: noStore },
      );
    }
    console.error(`[one-roof] ${what} failed:`, error);
    return NextResponse.json(
      { error: { code: 'UNEXPECTED', message: 'The request failed unexpectedly; see the server log.' } },
      { status: 500, headers: noStore },
    );
  }
}
