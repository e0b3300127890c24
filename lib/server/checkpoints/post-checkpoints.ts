import 'server-only';
import { access } from 'node:fs/promises';
import path from 'node:path';
import {
  checkpointFileName,
  createFileOnce,
  listCheckpointSizes,
  readCheckpointFile,
} from '@/lib/server/checkpoints/checkpoint-files';

/** How far back a pass looks for checkpoints the witness has not acknowledged; older ones stay as files. */
const BACKLOG = 20;

/**
 * Sends checkpoints not yet acknowledged to CHECKPOINT_URL, oldest first, and
 * marks each one the URL accepted (2xx) with a `.posted` file beside it. A
 * failure stops the pass and is retried on the next one; the checkpoint file
 * is never touched.
 */
export async function postCheckpoints(options: { dir: string; url: string }): Promise<number> {
  const { dir, url } = options;
  const pending: number[] = [];
  for (const size of (await listCheckpointSizes(dir)).slice(0, BACKLOG)) {
    const posted = await access(path.join(dir, postedName(size))).then(
      () => true,
      () => false,
    );
    if (!posted) pending.unshift(size);
  }
  let sent = 0;
  for (const size of pending) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: await readCheckpointFile(dir, size),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`${url} answered ${response.status} to the checkpoint of size ${size}`);
    await createFileOnce(dir, postedName(size), '');
    sent += 1;
  }
  return sent;
}

function postedName(size: number): string {
  return `${checkpointFileName(size)}.posted`;
}
