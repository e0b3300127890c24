/**
 * The headers every response carries, shared by proxy.ts (pages and API
 * routes) and the custom server (its own refusals, and anything Next serves
 * without running the proxy, such as static files).
 */
export const staticSecurityHeaders: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // Same-origin requests keep their Referer: the origin check falls back on it where browsers send no Origin.
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()',
  'X-Frame-Options': 'DENY',
};

/**
 * For responses that are not our pages (JSON, CSV, files, refusals): nothing
 * may run in or frame them. next-auth's own fallback pages under /api/auth
 * keep their inline styles and their form, and run no script.
 */
export const resourcePolicy =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * For pages: scripts only with this response's nonce (Next adds it to its own
 * scripts; 'strict-dynamic' lets them load their chunks). Styles allow inline
 * because React renders style attributes for bars and cells; scripts never do.
 * Development needs 'unsafe-eval' (React rebuilds server stacks with eval) and
 * a websocket for hot reload; production has neither.
 */
export function pagePolicy({ nonce, dev }: { nonce: string; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
