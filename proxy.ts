import { type NextRequest, NextResponse } from 'next/server';
import { isDomainError } from '@/lib/errors';
import { pagePolicy, resourcePolicy, staticSecurityHeaders } from '@/lib/security-headers';
import { assertSameOrigin } from '@/lib/server/http/assert-same-origin';
import { screenActionRequest } from '@/lib/server/http/screen-action-request';

/**
 * Every page gets a fresh nonce in its Content-Security-Policy; Next reads the
 * nonce from the request's policy and puts it on its own scripts (the layout
 * puts it on the theme script). Pages render per request, so the nonce is
 * never baked into a cached page.
 */
const statusFor: Record<string, number> = { CROSS_ORIGIN: 403, UNSUPPORTED_MEDIA_TYPE: 415 };

export async function proxy(request: NextRequest) {
  // Next refuses a server action whose Origin names another host, but lets one with no Origin through; the same
  // rule as the JSON routes closes that: every signal the browser gave must name this origin, and one must be given.
  const api = request.nextUrl.pathname.startsWith('/api/');
  try {
    if (request.method === 'POST' && request.headers.has('next-action'))
      assertSameOrigin({ headers: request.headers, method: request.method });
    // Next decodes actions only on pages; a malformed one is refused here, since Next answers it with 500.
    if (!api) await screenActionRequest({ request });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return NextResponse.json(
      { error: { code: error.code, message: error.message } },
      { status: statusFor[error.code] ?? 400, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const nonce = btoa(crypto.randomUUID());
  const policy = api ? resourcePolicy : pagePolicy({ nonce, dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  if (!api) {
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', policy);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  for (const [name, value] of Object.entries(staticSecurityHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static files are covered by the custom server's headers; they need no nonce.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
