import type { ReactNode } from 'react';

/** The main landmark of a wide page, opening with its title. */
export function PageMain({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-8 px-4 py-6">
      <h1 className="text-lg font-semibold tracking-tight">{title}</h1>
      {children}
    </main>
  );
}
