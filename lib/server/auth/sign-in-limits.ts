import 'server-only';

/** Fixed windows of 15 minutes: every limit below counts within one window. */
export const WINDOW_MS = 15 * 60_000;
/** Guesses at one account from one source: the limit a person meets when they mistype. */
export const PAIR_LIMIT = 5;
/** Guesses from one source across all accounts: a password spray from one address. */
export const SOURCE_LIMIT = 50;
/** Guesses at one account from every source together: only a distributed attack reaches it. */
export const ACCOUNT_LIMIT = 100;
/** Failed sign-ins from one source audited one by one per window; the rest go into one summary event. */
export const AUDITED_PER_SOURCE = 10;

export function windowOf(at: Date): bigint {
  return BigInt(Math.floor(at.getTime() / WINDOW_MS));
}

export function windowEnd(window: bigint): Date {
  return new Date(Number(window + 1n) * WINDOW_MS);
}

export function throttleKeys(email: string, ip: string | null) {
  const source = ip ?? 'unknown';
  return { pair: `pair:${email}|${source}`, source: `source:${source}`, account: `account:${email}` };
}
