const statusStyle: Record<string, string> = {
  succeeded: 'border-emerald-700 text-emerald-800 dark:border-emerald-400 dark:text-emerald-300',
  applied: 'border-emerald-700 text-emerald-800 dark:border-emerald-400 dark:text-emerald-300',
  refused: 'border-red-700 text-red-800 dark:border-red-400 dark:text-red-300',
  failed: 'border-red-700 text-red-800 dark:border-red-400 dark:text-red-300',
  interrupted: 'border-amber-700 text-amber-900 dark:border-amber-400 dark:text-amber-200',
  running: 'border-sky-700 text-sky-800 dark:border-sky-400 dark:text-sky-300',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`inline-block rounded border px-1.5 py-0.5 text-xs font-medium ${
        statusStyle[status] ?? 'border-zinc-400 text-zinc-700 dark:border-zinc-600 dark:text-zinc-300'
      }`}
    >
      {status}
    </span>
  );
}
