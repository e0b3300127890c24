import type { Actor, RequestContext } from '@/lib/server/auth/actor';

/** Who a run's events are written for, where, and at which bundle digest. */
export type RunAudit = {
  runId: string;
  actor: Actor;
  context: RequestContext;
  environment: string;
  digest: string;
};

/** The fields every event a run writes shares. */
export function runEventCommon(audit: RunAudit) {
  return {
    actor: audit.actor,
    context: audit.context,
    target: `environment:${audit.environment}`,
    digest: audit.digest,
    outcome: 'success' as const,
  };
}
