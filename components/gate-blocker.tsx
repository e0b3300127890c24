/** What stands between the release and a production apply, or that nothing does. */
export function GateBlocker({ blocker, testId }: { blocker: string | null; testId: string }) {
  return (
    <p data-testid={testId} className="text-sm">
      <span className="font-medium">Blocker: </span>
      {blocker ?? 'none. Nothing stands between the release and a production apply.'}
    </p>
  );
}
