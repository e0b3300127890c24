import { Timestamp } from '@/components/timestamp';
import type { CheckpointSummary } from '@/lib/server/checkpoints/list-checkpoints';

/** The newest signed checkpoint, so an auditor can note its size and root and compare them with a copy kept elsewhere. */
export function LatestCheckpoint({
  checkpoint,
  verifierKey,
}: {
  checkpoint: CheckpointSummary | null;
  verifierKey: string;
}) {
  return (
    <div
      data-testid="latest-checkpoint"
      className="space-y-2 rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      {checkpoint ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt className="text-zinc-500">Events</dt>
          <dd data-testid="checkpoint-size">{checkpoint.size}</dd>
          <dt className="text-zinc-500">Signed</dt>
          <dd>{checkpoint.time ? <Timestamp iso={checkpoint.time} /> : 'unknown'}</dd>
          <dt className="text-zinc-500">Root hash</dt>
          <dd className="break-all font-mono text-xs">{checkpoint.rootHash}</dd>
          <dt className="text-zinc-500">Signature</dt>
          <dd>
            {checkpoint.verified ? 'verifies with the key below' : 'does not verify with the current key'}
          </dd>
        </dl>
      ) : (
        <p data-testid="checkpoint-none">No checkpoint yet: the first is signed once events are recorded.</p>
      )}
      <p className="text-zinc-500">
        Verifier key (for <code>verify-audit --checkpoints DIR --key</code>):
      </p>
      <p data-testid="checkpoint-key" className="break-all font-mono text-xs">
        {verifierKey}
      </p>
      <a href="/api/audit/checkpoints" className="underline underline-offset-2">
        All checkpoints (JSON)
      </a>
    </div>
  );
}
