import { type NextRequest, NextResponse } from 'next/server';
import { isDomainError } from '@/lib/errors';
import { pagePolicy, resourcePolicy, staticSecurityHeaders } from '@/lib/security-headers';
import { isReadableCallbackUrl } from '@/lib/server/auth/is-readable-callback-url';
import { assertSameOrigin } from '@/lib/server/http/assert-same-origin';
import { screenActionRequest } from '@/lib/server/http/screen-action-request';

/**
 * Every page gets a fresh nonce in its Content-Security-Policy; Next reads the
 * nonce from the request's policy and puts it on its own scripts (the layout
 * puts it on the theme script). Pages render per request, so the nonce is
 * never baked into a cached page.
 */
const CALLBACK_COOKIES = ['next-auth.callback-url', '__Secure-next-auth.callback-url'];

const statusFor: Record<string, number> = { CROSS_ORIGIN: 403, UNSUPPORTED_MEDIA_TYPE: 415 };

export async function proxy(request: NextRequest) {
  const api = request.nextUrl.pathname.startsWith('/api/');
  try {
    // Next refuses a server action whose Origin names another host, but lets one with no Origin through; the same
    // rule as the JSON routes closes that: every signal the browser gave must name this origin, and one must be given.
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
  // next-auth fails every session read (500 on each page and route) while this cookie holds what it cannot use:
  // the request goes on without it, and the browser is told to drop it.
  const unreadable = CALLBACK_COOKIES.filter((name) => {
    const value = request.cookies.get(name)?.value;
    return value !== undefined && !isReadableCallbackUrl(value, request.nextUrl.origin);
  });
  for (const name of unreadable) request.cookies.delete(name);
  const nonce = btoa(crypto.randomUUID());
  const policy = api ? resourcePolicy : pagePolicy({ nonce, dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  if (!api) {
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', policy);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  // A __Secure- cookie is only replaced by one that is itself Secure.
  for (const name of unreadable)
    response.cookies.set(name, '', { maxAge: 0, path: '/', secure: name.startsWith('__Secure-') });
  response.headers.set('Content-Security-Policy', policy);
  for (const [name, value] of Object.entries(staticSecurityHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static files are covered by the custom server's headers; they need no nonce.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
