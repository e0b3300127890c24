import 'server-only';
import type pg from 'pg';
import { z } from 'zod';
import { readEnv } from '@/lib/env';
import { TargetClient } from '@/lib/server/db/target-client';
import { getTargetPool } from '@/lib/server/db/target-pool';

const optionsSchema = z.object({
  url: z.string().min(1),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
});

/**
 * Runs `work` in a READ ONLY transaction on a target, with a statement
 * timeout, and always rolls it back: a read of a target (status, readiness,
 * ownership, provenance, the gate) can neither write nor hold the target for long,
 * whatever SQL a view or function in it turns out to run.
 */
export async function withReadOnlyTarget<T>(options: {
  url: string;
  timeoutMs?: number;
  work: (client: pg.ClientBase) => Promise<T>;
}): Promise<T> {
  const input = optionsSchema.parse({ url: options.url, timeoutMs: options.timeoutMs });
  const timeoutMs = input.timeoutMs ?? readEnv().TARGET_READ_TIMEOUT_MS;
  const client = await getTargetPool(input.url).connect();
  // The app's own watchdog keeps the read's budget too, for a target too frozen to enforce it.
  const watched = client instanceof TargetClient ? client : null;
  watched?.setBudget(timeoutMs);
  let broken: Error | undefined;
  try {
    // One round trip for both: the timeout is an integer checked above, so it can be written into the text.
    await client.query(
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = ${timeoutMs}`,
    );
    return await options.work(client);
  } finally {
    await client.query('ROLLBACK').catch((error: Error) => {
      broken = error;
    });
    watched?.setBudget(undefined);
    client.release(broken);
  }
}
