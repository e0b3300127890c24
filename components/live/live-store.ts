/**
 * The tab's shared live data: one entry per query key, so widgets that read
 * the same route share its data and its requests. It replaces a query library
 * whose size the dashboard could not afford, and keeps the behaviour the
 * screens relied on: a request in flight is shared, a failure is retried once
 * a second later, and a failure keeps the last data and says why.
 */

export type LiveSnapshot<T> = {
  data: T | undefined;
  error: Error | null;
  /** When data was last read; 0 while there is none. */
  updatedAt: number;
};

export type LiveEntry<T> = {
  snapshot: LiveSnapshot<T>;
  listeners: Set<() => void>;
  inFlight: Promise<void> | null;
  forget: ReturnType<typeof setTimeout> | null;
};

/** Data younger than this is fresh: mounting or refocusing does not read it again. */
export const STALE_MS = 1_000;
export const RETRY_DELAY_MS = 1_000;
/** An entry no widget has read for this long is dropped, so paging through a large heatmap stays bounded. */
export const FORGET_MS = 300_000;

const entries = new Map<string, LiveEntry<unknown>>();

/** The entry for a key, made (and seeded with the server's first paint, if any) on first use. */
export function liveEntry<T>(key: string, seed?: { data: T | undefined; updatedAt?: number }): LiveEntry<T> {
  let entry = entries.get(key) as LiveEntry<T> | undefined;
  if (!entry) {
    entry = {
      snapshot: { data: undefined, error: null, updatedAt: 0 },
      listeners: new Set(),
      inFlight: null,
      forget: null,
    };
    entries.set(key, entry as LiveEntry<unknown>);
  }
  if (entry.snapshot.data === undefined && seed?.data !== undefined)
    entry.snapshot = { ...entry.snapshot, data: seed.data, updatedAt: seed.updatedAt ?? Date.now() };
  return entry;
}

export function subscribeLive(key: string, listener: () => void): () => void {
  const entry = liveEntry(key);
  if (entry.forget) clearTimeout(entry.forget);
  entry.forget = null;
  entry.listeners.add(listener);
  return () => {
    entry.listeners.delete(listener);
    if (entry.listeners.size > 0) return;
    entry.forget = setTimeout(() => {
      if (entries.get(key) === entry && entry.listeners.size === 0) entries.delete(key);
    }, FORGET_MS);
  };
}

export function isStale(entry: LiveEntry<unknown>, now = Date.now()): boolean {
  return entry.snapshot.data === undefined || now - entry.snapshot.updatedAt >= STALE_MS;
}

function publish<T>(entry: LiveEntry<T>, snapshot: LiveSnapshot<T>) {
  entry.snapshot = snapshot;
  for (const listener of entry.listeners) listener();
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** Reads the entry again, unless a read is already in flight, which the caller then shares. */
export function refreshLive<T>(entry: LiveEntry<T>, read: () => Promise<T>): Promise<void> {
  entry.inFlight ??= (async () => {
    let next: LiveSnapshot<T>;
    try {
      next = { data: await readTwice(read), error: null, updatedAt: Date.now() };
    } catch (error) {
      next = { ...entry.snapshot, error: asError(error) };
    }
    // Cleared before listeners run, so one that reads again starts a new request.
    entry.inFlight = null;
    publish(entry, next);
  })();
  return entry.inFlight;
}

async function readTwice<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch {
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    return await read();
  }
}
