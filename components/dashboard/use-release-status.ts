'use client';

import { useLiveRoute } from '@/components/live/use-live-route';
import { liveQueries } from '@/lib/queries';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';

/** The release status every live widget shares: one request per poll, however many widgets read it. */
export function useReleaseStatus(initial: ReleaseStatus) {
  return useLiveRoute<ReleaseStatus>(liveQueries.status(), {
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
  });
}
