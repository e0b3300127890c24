import { Button } from './button';

/**
 * Previous / Next over a list drawn a page at a time, with where the reader
 * is; nothing while everything fits on one page.
 */
export function Pager({
  offset,
  pageSize,
  total,
  onOffset,
}: {
  offset: number;
  pageSize: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  if (total <= pageSize) return null;
  const last = Math.min(offset + pageSize, total);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <Button disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
        Previous
      </Button>
      <Button disabled={last >= total} onClick={() => onOffset(offset + pageSize)}>
        Next
      </Button>
      <span aria-live="polite">
        Rows {offset + 1}–{last} of {total}
      </span>
    </div>
  );
}
