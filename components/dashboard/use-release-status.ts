'use client';

import { useLiveQuery } from '@/components/live/use-live-query';
import { fetchJson } from '@/components/ui/fetch-json';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';

export const STATUS_POLL_MS = 2_000;

/** The release status every live widget shares: one request per poll, however many widgets read it. */
export function useReleaseStatus(initial: ReleaseStatus) {
  return useLiveQuery({
    key: ['status'],
    read: () => fetchJson<ReleaseStatus>('/api/status'),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    refetchInterval: STATUS_POLL_MS,
  });
}
