/**
 * Says that the figures on screen are no longer refreshing, and why. The
 * region is always present so screen readers announce the pause when it comes.
 */
export function LiveNotice({ error, what }: { error: Error | null; what: string }) {
  return (
    <p role="status" className="text-sm text-amber-900 empty:hidden dark:text-amber-200">
      {error && `Live updates of ${what} paused: ${error.message} Showing the last figures read.`}
    </p>
  );
}
