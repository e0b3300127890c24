import 'server-only';
/**
 * PostgreSQL keeps a backend's row counters until it next reports them, at most a second after a
 * transaction ends; this makes it report them as this transaction ends, so the next transaction on
 * the same backend (a pooled connection, or PGlite's only backend) starts from zero.
 */
export const FLUSH_COUNTERS_AT_COMMIT = `DO $flush$ BEGIN
  IF to_regprocedure('pg_stat_force_next_flush()') IS NOT NULL THEN
    EXECUTE 'SELECT pg_stat_force_next_flush()';
  END IF;
END $flush$`;
