import 'server-only';
import { DomainError } from '@/lib/errors';
import { requestOrigin } from '@/lib/server/http/request-origin';

type HeaderSource = { get(name: string): string | null };

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Refuses a request that a page of another site made a browser send with the
 * person's cookie. Every signal the browser gave must say "this origin":
 * Sec-Fetch-Site, else Origin, else Referer (kept on same-origin requests by
 * our Referrer-Policy, and sent where plain-http hosts get no Sec-Fetch-*).
 * A request with none of them is refused too: every browser this app supports
 * sends at least one, and a script must say where it comes from (`Origin`).
 * A script holding a stolen cookie can forge all three; this guards against
 * forged browser requests, not stolen sessions.
 */
export function assertSameOrigin({ headers, method }: { headers: HeaderSource; method: string }): void {
  const self = requestOrigin({ headers });
  const site = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  const referer = headers.get('referer');
  const safeMethod = method === 'GET' || method === 'HEAD';
  const verdicts = [
    // 'none' is a person typing the URL or opening a bookmark: never a state change by POST.
    site === null ? null : site === 'same-origin' || (site === 'none' && safeMethod),
    origin === null ? null : self !== null && origin === self,
    referer === null ? null : self !== null && originOf(referer) === self,
  ].filter((verdict) => verdict !== null);
  if (verdicts.length === 0 || verdicts.includes(false)) {
    throw new DomainError(
      'CROSS_ORIGIN',
      'Requests that read or change the gate must come from a page of this app; scripts must send an Origin header naming it.',
    );
  }
}
