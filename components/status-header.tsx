import type { ReleaseStatus } from '@/lib/server/release/get-release-status';
import { ShortDigest } from './short-digest';

export function StatusHeader({ bundle }: { bundle: ReleaseStatus['bundle'] }) {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-baseline justify-between gap-x-6 gap-y-2 px-4 py-4">
        <h1 className="text-lg font-semibold tracking-tight">One-Roof Release Gate</h1>
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <div className="flex gap-2">
            <dt className="text-zinc-600 dark:text-zinc-400">Bundle</dt>
            <dd>
              <span className="font-medium">{bundle.name}</span>
              <span className="sr-only">, </span>
              <span className="ml-2 text-zinc-600 dark:text-zinc-400">{bundle.title}</span>
            </dd>
          </div>
          <div className="flex gap-2">
            <dt className="text-zinc-600 dark:text-zinc-400">Digest</dt>
            <dd data-testid="bundle-digest">
              <ShortDigest digest={bundle.digest} />
            </dd>
          </div>
        </dl>
      </div>
    </header>
  );
}
