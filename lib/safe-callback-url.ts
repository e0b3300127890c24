/** Longer than any page of this app needs, short enough that a crafted URL cannot bloat a redirect. */
const MAX_LENGTH = 2048;

/**
 * Where to send someone after signing in: always a path on `origin`, never an
 * absolute URL. The value is judged the way a browser reads it (WHATWG URL
 * parsing drops tabs and newlines, reads `\` as `/`, resolves dot segments),
 * not by its first characters. Shared by the server redirect and the client
 * router so the two can never disagree.
 */
export function safeCallbackUrl(value: unknown, origin: string): string {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text === '' || text.length > MAX_LENGTH) return '/';
  let resolved: URL;
  try {
    resolved = new URL(text, origin);
  } catch {
    return '/';
  }
  if (resolved.origin !== new URL(origin).origin || resolved.username || resolved.password) return '/';
  // After dot segments are resolved a path can still begin `//`, which a browser reads as another host.
  if (resolved.pathname.startsWith('//')) return '/';
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
