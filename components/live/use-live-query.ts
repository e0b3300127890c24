'use client';

import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { isStale, type LiveSnapshot, liveEntry, refreshLive, subscribeLive } from './live-store';

type Interval<T> = number | false | ((snapshot: LiveSnapshot<T>) => number | false);

export type LiveQueryOptions<T> = {
  key: readonly unknown[];
  read: () => Promise<T>;
  /** The server's first paint; shown at once, and read again only once stale. */
  initialData?: T;
  initialDataUpdatedAt?: number;
  /** Polls while the tab is visible; a function is asked again after every change. */
  refetchInterval: Interval<T>;
  enabled?: boolean;
  /** While a new key has no data yet, show the last key's data, marked as a placeholder. */
  keepPrevious?: boolean;
};

export type LiveQuery<D> = { data: D; error: Error | null; isPlaceholderData: boolean };

const visible = () => document.visibilityState !== 'hidden';

/**
 * Live data from a JSON route: the server's data first, then polled. Off the
 * browser it only echoes the first paint, so no state outlives a server render.
 */
export function useLiveQuery<T>(options: LiveQueryOptions<T> & { initialData: T }): LiveQuery<T>;
export function useLiveQuery<T>(options: LiveQueryOptions<T>): LiveQuery<T | undefined>;
export function useLiveQuery<T>(options: LiveQueryOptions<T>): LiveQuery<T | undefined> {
  const { initialData, initialDataUpdatedAt, enabled = true } = options;
  const key = JSON.stringify(options.key);
  const latest = useRef(options);
  latest.current = options;
  const seed = useMemo(
    () => ({ data: initialData, updatedAt: initialDataUpdatedAt }),
    [initialData, initialDataUpdatedAt],
  );
  const serverSnapshot = useMemo(
    (): LiveSnapshot<T> => ({ data: initialData, error: null, updatedAt: 0 }),
    [initialData],
  );
  const subscribe = useCallback((listener: () => void) => subscribeLive(key, listener), [key]);
  const snapshot = useSyncExternalStore(
    subscribe,
    () => liveEntry(key, seed).snapshot,
    () => serverSnapshot,
  );

  useEffect(() => {
    if (!enabled) return;
    const entry = liveEntry(key, seed);
    const read = () => refreshLive(entry, () => latest.current.read());
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = () => {
      if (timer) return;
      const interval = latest.current.refetchInterval;
      const delay = typeof interval === 'function' ? interval(entry.snapshot) : interval;
      if (delay === false) return;
      timer = setTimeout(() => {
        timer = null;
        if (visible()) void read();
        schedule();
      }, delay);
    };
    const onVisibility = () => {
      if (visible() && isStale(entry)) void read();
    };
    if (isStale(entry)) void read();
    schedule();
    const unsubscribe = subscribeLive(key, schedule);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [key, enabled, seed]);

  const previous = useRef<T | undefined>(undefined);
  if (snapshot.data !== undefined) previous.current = snapshot.data;
  // As before, a key whose first read failed shows its error, not another key's data.
  const placeholder = snapshot.data === undefined && snapshot.error === null && options.keepPrevious === true;
  return {
    data: placeholder ? previous.current : snapshot.data,
    error: snapshot.error,
    isPlaceholderData: placeholder && previous.current !== undefined,
  };
}
