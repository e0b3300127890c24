import 'server-only';

/** Far above any URL this app redirects to, far below what could bloat a header. */
export const MAX_CALLBACK_URL_LENGTH = 2048;

/**
 * Whether next-auth can use this callbackUrl without failing: its own rule (a
 * path, or an absolute http(s) URL; anything else answers 500), and printable
 * ASCII only, since next-auth copies it into a Location header, where anything
 * outside Latin-1 throws. A browser escapes everything else, so only a
 * hand-made request or cookie fails this.
 */
export function isReadableCallbackUrl(value: string, origin: string): boolean {
  if (value.length > MAX_CALLBACK_URL_LENGTH || !/^[\x20-\x7e]*$/.test(value)) return false;
  try {
    return /^https?:$/.test(new URL(value, value.startsWith('/') ? origin : undefined).protocol);
  } catch {
    return false;
  }
}
