import type { ReactNode } from 'react';

/** A page's title and the sentence that says what it is for. */
export function PageHeading({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="space-y-1">
      <h1 className="text-lg font-semibold tracking-tight">{title}</h1>
      {children && <p className="text-sm text-zinc-600 dark:text-zinc-400">{children}</p>}
    </div>
  );
}
