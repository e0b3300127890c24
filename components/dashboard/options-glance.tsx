import Link from 'next/link';
import { releaseOptions } from '@/lib/release-options';

/** The five options in a line each; the full cards, with their live state and actions, are on /options. */
export function OptionsGlance() {
  return (
    <section aria-labelledby="options-glance-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="options-glance-heading" className="text-base font-semibold tracking-tight">
          The five options
        </h2>
        <Link href="/options" className="text-sm underline underline-offset-2">
          All options, with live state and actions
        </Link>
      </div>
      <ol className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-2 lg:grid-cols-5">
        {releaseOptions.map((option) => (
          <li
            key={option.number}
            className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <p className="font-medium">
              <span className="font-mono text-zinc-600 dark:text-zinc-400">#{option.number}</span>{' '}
              {option.shortTitle}
            </p>
            <p className="mt-1 text-zinc-700 dark:text-zinc-300">
              {option.declinedBecause ? 'Declined: no override exists' : option.recommendation}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
