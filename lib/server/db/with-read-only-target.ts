import 'server-only';
import type pg from 'pg';
import { z } from 'zod';
import { readEnv } from '@/lib/env';
import { withTargetTransaction } from '@/lib/server/db/with-target-transaction';

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
  return withTargetTransaction(input.url, ({ client }) => options.work(client), {
    readOnlyBudgetMs: input.timeoutMs ?? readEnv().TARGET_READ_TIMEOUT_MS,
  });
}
