import type { ProposalView } from '@/lib/server/ratification/get-proposal-view';
import { type SqlTokenKind, tokenizeSql } from './tokenize-sql';

type TierFile = ProposalView['tierFiles'][number];

// Beyond this a file is shown as plain text: still every byte, without a span per token.
const HIGHLIGHT_LIMIT = 200_000;

const tokenClass: Record<SqlTokenKind, string> = {
  keyword: 'font-semibold text-sky-800 dark:text-sky-300',
  string: 'text-emerald-800 dark:text-emerald-300',
  comment: 'italic text-zinc-600 dark:text-zinc-400',
  number: 'text-amber-800 dark:text-amber-300',
  plain: '',
};

/** One tier's SQL exactly as it runs: read-only, highlighted on the server, so it costs no client script. */
export function TierSql({ file }: { file: TierFile }) {
  return (
    <details
      data-testid={`tier-sql-${file.tier}`}
      className="group rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2.5 text-sm">
        <span aria-hidden="true" className="text-zinc-500 transition-transform group-open:rotate-90">
          ▸
        </span>
        <span className="font-medium">
          Tier {file.tier}: {file.name}
        </span>
        <span className="font-mono text-xs">{file.path}</span>
        <span className="text-zinc-600 dark:text-zinc-400">{file.gate}</span>
        <span className="w-full font-mono text-xs break-all text-zinc-600 sm:ml-auto sm:w-auto dark:text-zinc-400">
          SHA-256 <span data-testid={`tier-sha256-${file.tier}`}>{file.sha256}</span>
        </span>
      </summary>
      <section
        aria-label={`SQL of ${file.path}, read-only`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        tabIndex={0}
        className="max-h-[32rem] overflow-auto border-t border-zinc-200 bg-zinc-50 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-800 dark:bg-zinc-950"
      >
        <pre data-testid={`tier-sql-text-${file.tier}`} className="p-4 font-mono text-xs leading-relaxed">
          <code>
            {file.sql.length > HIGHLIGHT_LIMIT
              ? file.sql
              : tokenizeSql(file.sql).map((token, index) =>
                  token.kind === 'plain' ? (
                    token.text
                  ) : (
                    // biome-ignore lint/suspicious/noArrayIndexKey: tokens have no identity but their place
                    <span key={index} className={tokenClass[token.kind]}>
                      {token.text}
                    </span>
                  ),
                )}
          </code>
        </pre>
      </section>
    </details>
  );
}
