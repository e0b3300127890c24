'use client';

import { useState } from 'react';
import { Button, buttonClass } from '@/components/ui/button';

type VerifyAnswer = {
  intact?: boolean;
  events?: number;
  firstBroken?: { seq: string; id: string | null; problem: string } | null;
  error?: { code: string; message: string };
};

type Result = { ok: boolean; sentence: string };

function sentenceFor(answer: VerifyAnswer): Result {
  if (answer.error) return { ok: false, sentence: `Verification was refused: ${answer.error.message}` };
  if (answer.intact) return { ok: true, sentence: `Chain intact: ${answer.events ?? 0} events` };
  const broken = answer.firstBroken;
  return {
    ok: false,
    sentence: broken
      ? `Chain broken at event ${broken.seq}: ${broken.problem}`
      : 'Chain broken: the server named no event.',
  };
}

/** The two downloads; only the JSON one verifies offline. */
const exportFormats = [
  { format: 'json', label: 'Export JSON' },
  { format: 'csv', label: 'Export CSV' },
] as const;

/** Recompute the audit hash chain on the server, and download it for offline verification. */
export function AuditTools({ canExport }: { canExport: boolean }) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  async function verify() {
    setPending(true);
    setResult(null);
    try {
      const response = await fetch('/api/audit/verify', { method: 'POST' });
      setResult(sentenceFor((await response.json()) as VerifyAnswer));
    } catch {
      setResult({ ok: false, sentence: 'The server did not answer; try again in a moment.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={verify} disabled={pending}>
          {pending ? 'Verifying…' : 'Verify chain'}
        </Button>
        {canExport &&
          exportFormats.map(({ format, label }) => (
            <a
              key={format}
              href={`/api/audit/export?format=${format}`}
              data-testid={`export-${format}`}
              download
              className={buttonClass()}
            >
              {label}
            </a>
          ))}
      </div>
      <div role="status" aria-live="polite">
        {result && (
          <p
            data-testid="verify-result"
            className={`rounded border p-2.5 text-sm ${
              result.ok
                ? 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200'
                : 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200'
            }`}
          >
            {result.sentence}
          </p>
        )}
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Verification recomputes every event's hash and link to the one before it, and is itself recorded.
        {canExport && (
          <>
            {' '}
            Verify an export offline with{' '}
            <code className="font-mono">npm run gate -- verify-audit &lt;file.json&gt;</code>.
          </>
        )}
      </p>
    </div>
  );
}
