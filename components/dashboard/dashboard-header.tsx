import { ShortDigest } from '@/components/short-digest';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';

export function DashboardHeader({ bundle }: { bundle: ReleaseStatus['bundle'] }) {
  return (
    <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1">
      <h1 className="text-lg font-semibold tracking-tight">Dashboard</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{bundle.name}</span> ({bundle.title})
        at digest{' '}
        <span data-testid="bundle-digest">
          <ShortDigest digest={bundle.digest} />
        </span>
      </p>
    </div>
  );
}
