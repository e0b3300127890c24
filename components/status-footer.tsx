import { Timestamp } from './timestamp';

export function StatusFooter({ generatedAt }: { generatedAt: string }) {
  return (
    <footer className="mx-auto max-w-6xl px-4 pt-2 pb-8 text-xs text-zinc-600 dark:text-zinc-400">
      Read at <Timestamp iso={generatedAt} />. The same document is served as JSON at{' '}
      <a href="/api/status" className="font-mono underline underline-offset-2">
        /api/status
      </a>
      .
    </footer>
  );
}
