'use client';

import { Button } from '@/components/ui/button';

/**
 * What a page shows when what it reads could not be read. Next hides a server
 * error's message in production, so the page names the digest the server log
 * records the error under instead of its code.
 */
export function StatusUnavailable({ reference, onRetry }: { reference: string | null; onRetry: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <section aria-labelledby="unavailable-heading" className="space-y-3">
        <h1 id="unavailable-heading" className="text-lg font-semibold">
          One-Roof Release Gate: status unavailable
        </h1>
        <p className="text-sm">
          The release status could not be read
          {reference && (
            <>
              {' '}
              (reference <span className="font-mono">{reference}</span>)
            </>
          )}
          . The server log has the details.
        </p>
        <Button onClick={onRetry}>Try again</Button>
      </section>
    </main>
  );
}
