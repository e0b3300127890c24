import 'server-only';

type HeaderSource = { get(name: string): string | null };

/**
 * This app's origin as the browser addressed it. Under `npm start` the custom
 * server has already replaced x-forwarded-proto with the socket's scheme (or a
 * validated value from a trusted proxy) and dropped x-forwarded-host unless
 * TRUST_PROXY=1, so both parts can be believed.
 */
export function requestOrigin({ headers }: { headers: HeaderSource }): string | null {
  const proto = headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!host) return null;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}
