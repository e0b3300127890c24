import { NextResponse } from 'next/server';
import { isDomainError } from '@/lib/errors';
import { completeSsoStepUp } from '@/lib/server/auth/complete-sso-step-up';
import { getCurrentActor, getRequestContext } from '@/lib/server/auth/get-current-actor';
import { STEP_UP_COOKIE, STEP_UP_PATH, stepUpEndpoint } from '@/lib/server/auth/step-up-endpoint';
import { getControlPlane } from '@/lib/server/db/control-plane';

const STATE = /^[A-Za-z0-9_-]{1,128}$/;

/** The issuer sends the person back here; they return to the dialog with a grant, or with the refusal's code. */
export async function GET(request: Request) {
  const endpoint = stepUpEndpoint(request);
  const actor = await getCurrentActor();
  if (!actor)
    return NextResponse.json(
      { error: { code: 'UNAUTHENTICATED', message: 'Sign in before confirming who you are.' } },
      { status: 401 },
    );
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const cookieState =
    request.headers
      .get('cookie')
      ?.split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${STEP_UP_COOKIE}=`))
      ?.slice(STEP_UP_COOKIE.length + 1) ?? null;
  let back: URL;
  try {
    const done = await completeSsoStepUp({
      actor,
      context: await getRequestContext(),
      query,
      cookieState,
      redirectUri: endpoint.redirectUri,
    });
    back = new URL(done.returnTo, endpoint.origin);
    back.searchParams.set('stepUpGrant', done.grantId);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // Only a state this app could have issued is looked up: anything else (NUL, oversize) PostgreSQL refuses in text.
    const started = STATE.test(query.state ?? '')
      ? await getControlPlane().stepUpGrant.findUnique({ where: { state: query.state } })
      : null;
    back = new URL(started?.userId === actor.id ? started.returnTo : '/', endpoint.origin);
    back.searchParams.set('stepUpError', error.code);
  }
  // The start accepted only paths; this is the last word that the person stays on this site.
  if (back.origin !== endpoint.origin) back = new URL('/', endpoint.origin);
  const response = NextResponse.redirect(back, 303);
  response.cookies.set(STEP_UP_COOKIE, '', { path: STEP_UP_PATH, maxAge: 0 });
  return response;
}
