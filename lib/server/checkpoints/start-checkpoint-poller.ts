import 'server-only';
import { readEnv } from '@/lib/env';
import { checkpointDir } from '@/lib/server/checkpoints/checkpoint-dir';
import { makeCheckpoint } from '@/lib/server/checkpoints/make-checkpoint';
import { postCheckpoints } from '@/lib/server/checkpoints/post-checkpoints';

/** A checkpoint is due within this long of its event count or age; each pass is two indexed reads when idle. */
const POLL_MS = 5_000;

const registry = globalThis as { [key: symbol]: NodeJS.Timeout | undefined };
const POLLER = Symbol.for('one-roof.checkpoint-poller');

/**
 * Makes checkpoints as they fall due, and sends them to CHECKPOINT_URL when
 * one is set, from every instance; the lock in makeCheckpoint lets one write
 * each. Never holds the app up: failures are logged and tried again on the
 * next pass, and a pass still running is not overlapped.
 */
export function startCheckpointPoller(): void {
  if (registry[POLLER]) return;
  let busy = false;
  let reported = '';
  const pass = async () => {
    if (busy) return;
    busy = true;
    try {
      const result = await makeCheckpoint();
      // Said once, not every five seconds: the log stays diverged until someone looks.
      if (result.outcome === 'diverged' && result.problem !== reported) {
        console.error(`[one-roof] no checkpoint signed: ${result.problem}`);
        reported = result.problem;
      }
      const env = readEnv();
      if (env.CHECKPOINT_URL) await postCheckpoints({ dir: checkpointDir(env), url: env.CHECKPOINT_URL });
    } catch (error) {
      console.error('[one-roof] checkpointing failed:', (error as Error).message);
    } finally {
      busy = false;
    }
  };
  registry[POLLER] = setInterval(pass, POLL_MS);
  registry[POLLER].unref();
  void pass();
}
