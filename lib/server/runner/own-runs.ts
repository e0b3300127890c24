import 'server-only';

/**
 * Runs this process is recording. Kept on globalThis because Next may load this
 * module more than once in one process, and every copy must see the same runs.
 */
const registry = globalThis as { [key: symbol]: Set<string> | undefined };
const OWN_RUNS = Symbol.for('one-roof.own-runs');
registry[OWN_RUNS] ??= new Set<string>();
export const ownRuns = registry[OWN_RUNS];
