import { NextResponse } from 'next/server';
import { DomainError, isDomainError } from '@/lib/errors';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { getCurrentActor, getRequestContext } from '@/lib/server/auth/get-current-actor';
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
  if (!actor)
    return NextResponse.json(
      { error: { code: 'UNAUTHENTICATED', message: 'Sign in before confirming who you are.' } },
      { status: 401 },
    );
  try {
    const returnTo = await auditRefusals(
      {
        kind: 'input.refused',
        data: { input: 'single sign-on step-up form' },
        actor,
        context: await getRequestContext(),
        target: 'route:/api/step-up/oidc/start',
      },
      () => readReturnTo(request),
    );
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
      return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: 400 });
    throw error;
  }
}

/** The dialog posts one field as a form; any other body is refused rather than left to throw. */
async function readReturnTo(request: Request): Promise<string> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new DomainError('INVALID_INPUT', 'The step-up request must be a form.');
  }
  const returnTo = form.get('returnTo') ?? '/';
  if (typeof returnTo !== 'string' || returnTo.length > 2048 || returnTo.includes('\0'))
    throw new DomainError('INVALID_INPUT', 'returnTo must be a path of this app.');
  return returnTo;
}
