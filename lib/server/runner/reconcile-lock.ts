import 'server-only';

/** Serializes reconcilers with each other and with a run's own tier.applied write. */
export const RECONCILE_LOCK_KEY = 72_710_007;
