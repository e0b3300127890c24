'use client';

import { useEffect, useState } from 'react';
import { useLiveQuery } from '@/components/live/use-live-query';
import { liveQueries } from '@/lib/queries';
import type { RunView } from '@/lib/run-view';
import { fetchJson } from './run-format';

/** One run, polled every half second while it is in flight and no longer once it has finished. */
export function useRun(id: string, initialData?: RunView) {
  const route = liveQueries.run(id);
  return useLiveQuery({
    key: route.key,
    read: () => fetchJson<RunView>(route.url),
    initialData,
    refetchInterval: route.refetchInterval,
  });
}

/** The newest runs, polled every two seconds; the server's list paints first. */
export function useRuns(initialData: RunView[]) {
  const route = liveQueries.runs();
  return useLiveQuery({
    key: route.key,
    read: async () => (await fetchJson<{ runs: RunView[] }>(route.url)).runs,
    initialData,
    refetchInterval: route.refetchInterval,
  });
}

/** The clock, ticking while active; null until mounted, so the server's first paint and hydration agree. */
export function useNow(active: boolean, everyMs = 250): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return now;
}
