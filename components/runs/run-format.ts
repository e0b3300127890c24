import { headlineFor, type RefusalCode, refusalCodes } from '@/lib/errors';

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

export function formatGap(value: number | null): string {
  return value === null ? '—' : String(value);
}

export function formatRows(rows: number): string {
  return `${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'}`;
}

/** The sentence a refusal code stands for, or null for a code the domain does not know. */
export function headlineForCode(code: string | null): string | null {
  return code && (refusalCodes as readonly string[]).includes(code) ? headlineFor(code as RefusalCode) : null;
}

/** Reads a signed-in JSON route; a refusal becomes an Error carrying the server's sentence. */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store' });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  return body as T;
}
