import type { ReadinessItem } from '@/lib/server/release/get-readiness';

/** Each item says met or not met in words and a mark, never by colour alone. */
export function ReadinessChecklist({ items }: { items: readonly ReadinessItem[] }) {
  return (
    <section aria-labelledby="checklist-heading" className="space-y-3">
      <h2 id="checklist-heading" className="text-base font-semibold tracking-tight">
        Checklist
      </h2>
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {items.map((item) => (
          <li key={item.id} data-testid={`readiness-${item.id}`} className="flex gap-3 p-3 text-sm">
            <span
              aria-hidden="true"
              className={`flex size-6 shrink-0 items-center justify-center rounded-full font-bold text-white ${
                item.ok ? 'bg-emerald-700' : 'bg-red-700'
              }`}
            >
              {item.ok ? '✓' : '✗'}
            </span>
            <div className="min-w-0 space-y-0.5">
              <p className="font-medium">
                {item.label}{' '}
                <span
                  className={
                    item.ok ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-800 dark:text-red-300'
                  }
                >
                  ({item.ok ? 'met' : 'not met'})
                </span>
              </p>
              <p className="break-words text-zinc-700 dark:text-zinc-300">{item.detail}</p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
