'use client';

import { fetchJson } from '@/components/ui/fetch-json';
import type { LiveRoute } from '@/lib/queries';
import { type LiveQuery, type LiveQueryOptions, useLiveQuery } from './use-live-query';

type Rest<T> = Omit<LiveQueryOptions<T>, 'key' | 'read' | 'refetchInterval'>;

/** A live query of one JSON route from lib/queries.ts, read as it answers. */
export function useLiveRoute<T>(route: LiveRoute<T>, rest: Rest<T> & { initialData: T }): LiveQuery<T>;
export function useLiveRoute<T>(route: LiveRoute<T>, rest?: Rest<T>): LiveQuery<T | undefined>;
export function useLiveRoute<T>(route: LiveRoute<T>, rest: Rest<T> = {}): LiveQuery<T | undefined> {
  return useLiveQuery<T>({
    ...rest,
    key: route.key,
    read: () => fetchJson<T>(route.url),
    refetchInterval: route.refetchInterval,
  });
}
