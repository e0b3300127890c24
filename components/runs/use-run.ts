'use client';

import { useEffect, useState } from 'react';
import { useLiveQuery } from '@/components/live/use-live-query';
import type { RunView } from '@/lib/run-view';
import { fetchJson } from './run-format';

/** One run, polled every half second while it is in flight and no longer once it has finished. */
export function useRun(id: string, initialData?: RunView) {
  return useLiveQuery({
    key: ['run', id],
    read: () => fetchJson<RunView>(`/api/runs/${encodeURIComponent(id)}`),
    initialData,
    refetchInterval: (snapshot) => {
      if (snapshot.error) return 5_000;
      return snapshot.data && snapshot.data.status !== 'running' ? false : 500;
    },
  });
}

/** The newest runs, polled every two seconds; the server's list paints first. */
export function useRuns(initialData: RunView[]) {
  return useLiveQuery({
    key: ['runs'],
    read: async () => (await fetchJson<{ runs: RunView[] }>('/api/runs?limit=25')).runs,
    initialData,
    refetchInterval: 2_000,
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
