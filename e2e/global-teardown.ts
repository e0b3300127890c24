import { rm } from 'node:fs/promises';

/** Removes the instances' data dirs, unless E2E_KEEP_DATA=1 asks to keep them to look at (exports, checkpoints). */
export default async function globalTeardown(): Promise<void> {
  if (process.env.E2E_KEEP_DATA === '1') return;
  for (const variable of ['E2E_DATA_DIR', 'E2E_SCALED_DATA_DIR', 'E2E_PROOF_DATA_DIR']) {
    const dir = process.env[variable];
    // The servers are still running here: one may write a file (a checkpoint, a database page) mid-removal.
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}
