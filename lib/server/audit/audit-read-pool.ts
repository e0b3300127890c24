import 'server-only';
import pg from 'pg';
import { requireDatabaseUrls } from '@/lib/env';

const cache = globalThis as unknown as { auditReadPools?: Map<string, pg.Pool> };

/**
 * Plain pg connections to the control plane for reading the chain in bulk.
 * Prisma turns every row into several layers of objects; a million-event
 * verification cannot afford that, nor the memory it churns. Idle connections
 * close on their own and never keep a process alive.
 */
export function getAuditReadPool(url: string = requireDatabaseUrls().control): pg.Pool {
  cache.auditReadPools ??= new Map();
  let pool = cache.auditReadPools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 5_000, allowExitOnIdle: true });
    // A dropped idle connection must not crash the process; the next checkout reconnects.
    pool.on('error', () => {});
    cache.auditReadPools.set(url, pool);
  }
  return pool;
}
