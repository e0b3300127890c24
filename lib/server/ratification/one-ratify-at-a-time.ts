import 'server-only';

const cache = globalThis as unknown as { ratifyQueues?: Map<string, Promise<unknown>> };

/**
 * Runs `work` once every earlier ratify request in this process with the same
 * key (one approver at one digest) has settled. A double-clicked dialog or a
 * retrying client then finds the first request's ratification already written
 * and is answered from it, before the password check that costs a request
 * its time; racing requests would all pay for that check and then all but one
 * be refused. Only the waiting is per process: across instances the database's
 * unique keys still let exactly one ratification through.
 */
export async function oneRatifyAtATime<T>(options: {
  key: string | null;
  work: () => Promise<T>;
}): Promise<T> {
  const { key, work } = options;
  if (key === null) return work();
  cache.ratifyQueues ??= new Map();
  const queues = cache.ratifyQueues;
  const previous = queues.get(key) ?? Promise.resolve();
  // The previous request's refusal is its own; this one runs either way.
  const run = previous.then(work, work);
  const settled = run.catch(() => {});
  queues.set(key, settled);
  try {
    return await run;
  } finally {
    if (queues.get(key) === settled) queues.delete(key);
  }
}
