/**
 * GET a JSON route for a live query. The routes answer refusals as
 * `{ error: { code, message } }`; that message becomes the thrown error so the
 * screen can say why live updates paused.
 */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok || body === null) {
    throw new Error(body?.error?.message ?? `${url} answered ${response.status}`);
  }
  return body as T;
}
