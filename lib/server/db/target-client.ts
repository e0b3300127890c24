import 'server-only';
import type { Socket } from 'node:net';
import pg from 'pg';
import { DomainError } from '@/lib/errors';
import type { TargetLimits } from '@/lib/server/environments/list-environments';

/** The server's own statement_timeout gets this long to answer before the app steps in. */
const SERVER_FIRST_MS = 5_000;

export type TargetClientConfig = pg.ClientConfig & {
  target: { name: string; url: string; limits: TargetLimits };
};

/**
 * A target connection that cannot hang its caller or crash its process.
 * Every query has a budget: past it (plus the time the server needs to
 * enforce its own statement_timeout), the backend is cancelled with
 * pg_cancel_backend from a second connection and this socket is destroyed, so
 * the query fails with TARGET_TIMEOUT even when the backend or the network is
 * frozen and the server cannot answer. A connection error while the client
 * is checked out fails its query instead of being an unhandled 'error' event.
 */
export class TargetClient extends pg.Client {
  private readonly target: TargetClientConfig['target'];
  private budgetMs: number;
  private abandoned: DomainError | null = null;

  constructor(config: TargetClientConfig) {
    super(config);
    this.target = config.target;
    this.budgetMs = config.target.limits.statementTimeoutMs;
    // The failed query carries the error to its caller; without a listener, Node would kill the process.
    this.on('error', () => {});
  }

  /** A shorter budget for what follows (a read), matching the statement_timeout the caller set; undefined restores it. */
  setBudget(ms: number | undefined): void {
    this.budgetMs = ms ?? this.target.limits.statementTimeoutMs;
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg.Client.query is a set of overloads this passes through unchanged.
  override query(...args: any[]): any {
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    const run = (...a: any[]) => (super.query as (...b: any[]) => unknown)(...a);
    const budget = this.budgetMs;
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      // pg-pool's pool.query() takes this form.
      const watchdog = setTimeout(() => void this.abandon(budget), budget + SERVER_FIRST_MS);
      return run(...args.slice(0, -1), (error: Error | null, result: unknown) => {
        clearTimeout(watchdog);
        callback(error ? (this.abandoned ?? error) : error, result);
      });
    }
    const pending = run(...args);
    if (!(pending instanceof Promise)) return pending;
    const watchdog = setTimeout(() => void this.abandon(budget), budget + SERVER_FIRST_MS);
    return pending.then(
      (result) => {
        clearTimeout(watchdog);
        return result;
      },
      (error: unknown) => {
        clearTimeout(watchdog);
        throw this.abandoned ?? error;
      },
    );
  }

  private async abandon(budget: number): Promise<void> {
    if (this.abandoned) return;
    this.abandoned = new DomainError(
      'TARGET_TIMEOUT',
      `The ${this.target.name} database did not answer within its statement budget of ${budget} ms; the statement was cancelled and the connection closed, so its transaction was rolled back.`,
    );
    const { processID } = this as unknown as { processID: number | null };
    const { connectTimeoutMs } = this.target.limits;
    const canceller = new pg.Client({
      connectionString: this.target.url,
      connectionTimeoutMillis: connectTimeoutMs,
      statement_timeout: connectTimeoutMs,
    });
    canceller.on('error', () => {});
    const cancelled = canceller
      .connect()
      .then(() => canceller.query('SELECT pg_cancel_backend($1)', [processID]))
      .catch((error: Error) =>
        console.error(`[one-roof] ${this.target.name}: cancel failed: ${error.message}`),
      )
      .finally(() => canceller.end().catch(() => {}));
    let bounded: NodeJS.Timeout | undefined;
    await Promise.race([
      cancelled,
      new Promise((resolve) => (bounded = setTimeout(resolve, connectTimeoutMs))),
    ]);
    clearTimeout(bounded);
    // A frozen backend acts on the cancel only once it runs again; closing the socket frees this caller now.
    (this as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
  }
}
