import type { ReactNode } from 'react';

/** A table wider than a phone scrolls sideways; the region is focusable so a keyboard can scroll it too. */
export function ScrollRegion({
  label,
  className = '',
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
      tabIndex={0}
      className={`overflow-x-auto rounded border border-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-800 ${className}`}
    >
      {children}
    </section>
  );
}
