import 'server-only';
import path from 'node:path';
import type { AppEnv } from '@/lib/env';

/** Where checkpoints are kept: CHECKPOINT_DIR, by default beside the data, never in a database. */
export function checkpointDir(env: AppEnv): string {
  return path.resolve(env.CHECKPOINT_DIR ?? path.join(env.DATA_DIR, 'checkpoints'));
}
