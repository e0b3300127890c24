import { headlineForCode } from './run-format';

/** A refusal read as a sentence: the headline for its code, then what happened; the code only as a label. */
export function RefusalSentence({
  code,
  message,
  testId,
}: {
  code: string | null;
  message: string | null;
  testId?: string;
}) {
  const headline = headlineForCode(code);
  const text = [headline, message].filter(Boolean).join(' ') || 'It stopped without a recorded reason.';
  return (
    <p data-testid={testId} className="text-sm text-red-800 dark:text-red-300">
      {text}
      {code && (
        <span className="ml-2 inline-block rounded border border-red-300 px-1 align-middle font-mono text-[0.7rem] text-red-800 dark:border-red-800 dark:text-red-300">
          {code}
        </span>
      )}
    </p>
  );
}
