import { mkdirSync, writeFileSync } from 'node:fs';
import type { Outcome } from './send';

export type Failure = {
  seed: number;
  path: string;
  target: string;
  role: string;
  outcome: string;
  request: string;
  answer: string;
};

/** Failures that look alike (same route, outcome and answer, numbers aside) are one cause to route to a fix. */
type FailureGroup = { count: number; example: Failure; serverLog: string };
const signatureOf = (failure: Failure) => {
  // An action's error comes back inside its RSC payload; the echoed query string and digest are noise.
  const answer = failure.answer
    .replace(/"q":"[^"]*"/g, '')
    .replace(/"b":"[^"]*"/g, '')
    .replace(/[0-9a-f]{8,}|\d+/g, '#')
    .replace(/\s+/g, ' ');
  return `${failure.target} | ${failure.outcome} | ${answer.slice(0, 120)}`;
};

const classes = ['2xx', '3xx', '4xx', '5xx', 'timeout', 'dropped', 'skipped'] as const;
type StatusClass = (typeof classes)[number];
type Counts = Record<StatusClass, number>;

const zero = (): Counts => Object.fromEntries(classes.map((name) => [name, 0])) as Counts;

function classOf(outcome: Outcome): StatusClass {
  if (outcome.kind !== 'answered') return outcome.kind;
  if (outcome.status >= 500 || outcome.status < 200) return '5xx';
  return `${Math.floor(outcome.status / 100)}xx` as StatusClass;
}

/** Counts by status class, per route and in all, and the failing cases with what replays them. */
export class Tally {
  readonly perRoute = new Map<string, Counts>();
  readonly failures: Failure[] = [];
  readonly groups = new Map<string, FailureGroup>();
  serverStopped: Failure | null = null;

  private counts(target: string): Counts {
    let counts = this.perRoute.get(target);
    if (!counts) {
      counts = zero();
      this.perRoute.set(target, counts);
    }
    return counts;
  }

  /** serverLog: the log's tail when the failure came back, kept for the first of its kind (its stack, if any). */
  record(target: string, outcome: Outcome, failure: Failure | null, serverLog: () => string): void {
    this.counts(target)[classOf(outcome)] += 1;
    if (!failure) return;
    this.failures.push(failure);
    const signature = signatureOf(failure);
    const group = this.groups.get(signature);
    if (group) group.count += 1;
    else this.groups.set(signature, { count: 1, example: failure, serverLog: serverLog().slice(-1500) });
  }

  skip(target: string): void {
    this.counts(target).skipped += 1;
  }

  /** The server no longer answers anything: the rest of the cases are skipped, and the fuzz fails. */
  stop(failure: Failure | null): void {
    this.serverStopped ??= failure ?? {
      seed: 0,
      path: '',
      target: 'unknown',
      role: '',
      outcome: 'server stopped',
      request: '',
      answer: '',
    };
  }

  total(): number {
    let sum = 0;
    for (const counts of this.perRoute.values()) sum += classes.reduce((n, name) => n + counts[name], 0);
    return sum;
  }

  totals(): Counts {
    const sum = zero();
    for (const counts of this.perRoute.values()) for (const name of classes) sum[name] += counts[name];
    return sum;
  }

  failureReport(): string {
    const lines = this.failures
      .slice(0, 40)
      .map(
        (f) =>
          `- ${f.outcome} ${f.target} as ${f.role} (FUZZ_SEED=${f.seed} FUZZ_PATH=${f.path})\n    ${f.request}\n    answer: ${f.answer.slice(0, 300).replace(/\s+/g, ' ')}`,
      );
    // The case that hung the server is one of those in flight when it stopped: each lane's last timeout.
    const stopped = this.serverStopped
      ? [
          `The server stopped answering; later cases were skipped. In flight then: ${this.failures
            .filter((f) => f.outcome === 'timeout')
            .map((f) => `${f.target} as ${f.role} (FUZZ_SEED=${f.seed} FUZZ_PATH=${f.path})`)
            .join('; ')}`,
        ]
      : [];
    const groups = [...this.groups.entries()]
      .sort(([, a], [, b]) => b.count - a.count)
      .map(([signature, group]) => `  ${String(group.count).padStart(5)} × ${signature}`);
    return [
      ...stopped,
      `${this.failures.length} failing case(s) of ${this.groups.size} kind(s):`,
      ...groups,
      `the first ${Math.min(40, this.failures.length)}:`,
      ...lines,
    ].join('\n');
  }

  /** Prints the table and writes test-results/fuzz-summary.json for the lead to quote. */
  write(meta: { seed: number; lanes: number; runs: number; serverLog: string }): string {
    const routes = [...this.perRoute.entries()].sort(([a], [b]) => a.localeCompare(b));
    const width = Math.max(...routes.map(([name]) => name.length), 5);
    const row = (name: string, counts: Counts) =>
      `${name.padEnd(width)} ${classes.map((c) => String(counts[c]).padStart(7)).join(' ')}`;
    const table = [
      `${'route'.padEnd(width)} ${classes.map((c) => c.padStart(7)).join(' ')}`,
      ...routes.map(([name, counts]) => row(name, counts)),
      row('total', this.totals()),
    ].join('\n');
    mkdirSync('test-results', { recursive: true });
    writeFileSync(
      'test-results/fuzz-summary.json',
      `${JSON.stringify(
        {
          ...meta,
          cases: this.total(),
          totals: this.totals(),
          perRoute: Object.fromEntries(routes),
          serverStopped: this.serverStopped,
          kinds: [...this.groups.entries()].map(([signature, group]) => ({ signature, ...group })),
          failures: this.failures,
        },
        null,
        2,
      )}\n`,
    );
    return `[fuzz] cases by status class (seeds from ${meta.seed}, ${meta.lanes} lanes)\n${table}`;
  }
}
