import 'server-only';

/**
 * The transaction-level advisory lock a target holds while anything changes
 * the release on it: a tier's transaction, a revoke, a void. One key, so they
 * exclude each other on that database.
 */
export const ENVIRONMENT_LOCK_KEY = 72_710_002;
