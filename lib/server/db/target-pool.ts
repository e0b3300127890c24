import 'server-only';
import pg from 'pg';

const cache = globalThis as unknown as { targetPools?: Map<string, pg.Pool> };

/** A small pg pool per target URL, shared by every domain function in the process. */
export function getTargetPool(url: string): pg.Pool {
  cache.targetPools ??= new Map();
  let pool = cache.targetPools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 30_000 });
    // A dropped idle connection must not crash the process; the next checkout reconnects.
    pool.on('error', () => {});
    cache.targetPools.set(url, pool);
  }
  return pool;
}

export async function closeTargetPools(): Promise<void> {
  const pools = [...(cache.targetPools?.values() ?? [])];
  cache.targetPools?.clear();
  await Promise.all(pools.map((pool) => pool.end()));
}
