import 'server-only';
import { type AppEnv, readEnv, requireDatabaseUrls } from '@/lib/env';

/** rehearsal: may hold rehearsal approvals and never counts for production. */
export type EnvironmentRole = 'rehearsal' | 'production';

/** What every connection to a target is held to (docs/decisions.md, "Target connection limits"). */
export type TargetLimits = {
  connectTimeoutMs: number;
  /** A statement's budget: the server cancels it, and the app does if the server cannot. */
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  keepAliveDelayMs: number;
};

export type TargetEnvironment = {
  name: string;
  role: EnvironmentRole;
  /** What the app applies tiers and reads with; on production, a role that cannot write approvals. */
  url: string;
  /** The credential that writes the gate's tables (os_proposals, os_proposal_approvals). */
  ratifyUrl?: string;
  limits: TargetLimits;
};

export function listEnvironments(): TargetEnvironment[] {
  const env = readEnv();
  const urls = requireDatabaseUrls(env);
  return [
    { name: 'clone', role: 'rehearsal', url: urls.clone, limits: targetLimits(env, 'CLONE') },
    {
      name: 'production',
      role: 'production',
      url: urls.production,
      ratifyUrl: urls.productionRatify ?? urls.production,
      limits: targetLimits(env, 'PRODUCTION'),
    },
    ...(urls.staging
      ? [
          {
            name: 'staging',
            role: 'rehearsal' as const,
            url: urls.staging,
            limits: targetLimits(env, 'STAGING'),
          },
        ]
      : []),
  ];
}

function targetLimits(env: AppEnv, prefix: 'CLONE' | 'PRODUCTION' | 'STAGING'): TargetLimits {
  return {
    connectTimeoutMs: env[`${prefix}_TARGET_CONNECT_TIMEOUT_MS`] ?? env.TARGET_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env[`${prefix}_TARGET_STATEMENT_TIMEOUT_MS`] ?? env.TARGET_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs:
      env[`${prefix}_TARGET_IDLE_IN_TRANSACTION_TIMEOUT_MS`] ?? env.TARGET_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    keepAliveDelayMs: env[`${prefix}_TARGET_KEEPALIVE_DELAY_MS`] ?? env.TARGET_KEEPALIVE_DELAY_MS,
  };
}
