import 'server-only';
import pg from 'pg';
import { configuredDatabaseUrls, readEnv } from '@/lib/env';
import { TargetClient, type TargetClientConfig } from '@/lib/server/db/target-client';
import { listEnvironments, type TargetLimits } from '@/lib/server/environments/list-environments';

const cache = globalThis as unknown as { targetPools?: Map<string, pg.Pool> };

/**
 * A small pg pool per target URL, shared by every domain function in the
 * process. Its connections carry the limits of the environment the URL
 * belongs to (docs/decisions.md, "Target connection limits").
 */
export function getTargetPool(url: string): pg.Pool {
  cache.targetPools ??= new Map();
  let pool = cache.targetPools.get(url);
  if (!pool) {
    const target = targetOf(url);
    const config: pg.PoolConfig & TargetClientConfig = {
      connectionString: url,
      max: 4,
      connectionTimeoutMillis: target.limits.connectTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: target.limits.keepAliveDelayMs,
      statement_timeout: target.limits.statementTimeoutMs,
      idle_in_transaction_session_timeout: target.limits.idleInTransactionTimeoutMs,
      target,
      // pg-pool constructs its clients with the pool's own options, `target` included.
      Client: TargetClient as unknown as pg.PoolConfig['Client'],
    };
    pool = new pg.Pool(config);
    // A dropped idle connection must not crash the process; the next checkout reconnects.
    pool.on('error', () => {});
    cache.targetPools.set(url, pool);
  }
  return pool;
}

function targetOf(url: string): TargetClientConfig['target'] {
  const env = readEnv();
  const environments = configuredDatabaseUrls(env) ? listEnvironments() : [];
  const environment = environments.find((e) => e.url === url || e.ratifyUrl === url);
  if (environment) return { name: environment.name, url, limits: environment.limits };
  const limits: TargetLimits = {
    connectTimeoutMs: env.TARGET_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env.TARGET_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.TARGET_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    keepAliveDelayMs: env.TARGET_KEEPALIVE_DELAY_MS,
  };
  return { name: 'target', url, limits };
}

export async function closeTargetPools(): Promise<void> {
  const pools = [...(cache.targetPools?.values() ?? [])];
  cache.targetPools?.clear();
  await Promise.all(pools.map((pool) => pool.end()));
}
