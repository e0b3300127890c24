'use client';

import { useLiveRoute } from '@/components/live/use-live-route';
import { LiveNotice } from '@/components/ui/live-notice';
import { liveQueries } from '@/lib/queries';
import type { Readiness } from '@/lib/server/release/get-readiness';
import { ReadinessChecklist } from './readiness-checklist';

/** GO / NO-GO for production, the one blocker, and the checklist behind it, refreshed from /api/readiness. */
export function ReadinessBoard({ initial }: { initial: Readiness }) {
  const { data: readiness, error } = useLiveRoute<Readiness>(liveQueries.readiness(), {
    initialData: initial,
  });
  const go = readiness.verdict === 'GO';
  return (
    <div className="space-y-6">
      <LiveNotice error={error} what="readiness" />
      <section
        aria-labelledby="verdict-heading"
        className={`space-y-2 rounded-lg border-2 p-4 ${
          go
            ? 'border-emerald-700 bg-emerald-50 dark:border-emerald-400 dark:bg-emerald-950/40'
            : 'border-red-700 bg-red-50 dark:border-red-400 dark:bg-red-950/40'
        }`}
      >
        <h2 id="verdict-heading" className="text-sm text-zinc-700 uppercase tracking-wide dark:text-zinc-300">
          Production verdict
        </h2>
        <p
          data-testid="readiness-verdict"
          className={`text-5xl font-bold tracking-tight ${go ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-800 dark:text-red-300'}`}
        >
          {readiness.verdict}
        </p>
        <p data-testid="readiness-blocker" className="text-base">
          {readiness.blocker
            ? `The single blocker is ${lowerFirst(readiness.blocker)}`
            : 'Nothing blocks a production apply of the seed tiers.'}
        </p>
      </section>
      <ReadinessChecklist items={readiness.checklist} />
    </div>
  );
}

/** "Ratifications at or above quorum: …" reads as part of the sentence it is put in. */
function lowerFirst(text: string): string {
  const sentence = text.charAt(0).toLowerCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
