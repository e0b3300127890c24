import { type NextRequest, NextResponse } from 'next/server';
import { isDomainError } from '@/lib/errors';
import { pagePolicy, resourcePolicy, staticSecurityHeaders } from '@/lib/security-headers';
import { assertSameOrigin } from '@/lib/server/http/assert-same-origin';

/**
 * Every page gets a fresh nonce in its Content-Security-Policy; Next reads the
 * nonce from the request's policy and puts it on its own scripts (the layout
 * puts it on the theme script). Pages render per request, so the nonce is
 * never baked into a cached page.
 */
export function proxy(request: NextRequest) {
  // Next refuses a server action whose Origin names another host, but lets one with no Origin through; the same
  // rule as the JSON routes closes that: every signal the browser gave must name this origin, and one must be given.
  if (request.method === 'POST' && request.headers.has('next-action')) {
    try {
      assertSameOrigin({ headers: request.headers, method: request.method });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: 403 });
    }
  }
  const api = request.nextUrl.pathname.startsWith('/api/');
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
