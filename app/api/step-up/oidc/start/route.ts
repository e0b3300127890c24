import { NextResponse } from 'next/server';
import { isDomainError } from '@/lib/errors';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';
import { startSsoStepUp } from '@/lib/server/auth/start-sso-step-up';
import { STEP_UP_COOKIE, STEP_UP_PATH, stepUpEndpoint } from '@/lib/server/auth/step-up-endpoint';
import { assertSameOrigin } from '@/lib/server/http/assert-same-origin';

/** The ratify dialog's "re-authenticate with single sign-on" form posts here; the browser goes on to the issuer. */
export async function POST(request: Request) {
  const endpoint = stepUpEndpoint(request);
  try {
    assertSameOrigin({ headers: request.headers, method: request.method });
  } catch (error) {
    if (isDomainError(error))
      return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: 403 });
    throw error;
  }
  const actor = await getCurrentActor();
  if (!actor) return NextResponse.json({ code: 'UNAUTHENTICATED' }, { status: 401 });
  const form = await request.formData();
  const returnTo = String(form.get('returnTo') ?? '/');
  try {
    const { url, state } = await startSsoStepUp({ actor, returnTo, redirectUri: endpoint.redirectUri });
    const response = NextResponse.redirect(url, 303);
    response.cookies.set(STEP_UP_COOKIE, state, {
      httpOnly: true,
      sameSite: 'lax',
      secure: endpoint.secure,
      path: STEP_UP_PATH,
      maxAge: 600,
    });
    return response;
  } catch (error) {
    if (isDomainError(error))
      return NextResponse.json({ code: error.code, message: error.message }, { status: 400 });
    throw error;
  }
}
