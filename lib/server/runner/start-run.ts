import 'server-only';
import { isDomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { isRunFailure } from '@/lib/server/runner/is-run-failure';

/**
 * Starts a run and answers as soon as it is recorded, leaving its tiers to
 * apply in this server process while the run page shows their progress. A
 * refusal before the run is recorded (permission, input) is thrown here; one
 * after it is recorded in the run itself. Needs a long-lived server (`next
 * start`), not a function that is frozen once it has answered.
 */
export function startRun(options: {
  environment: string;
  tiers: number[];
  actor: Actor;
  context: RequestContext;
}): Promise<{ runId: string }> {
  return new Promise((resolve, reject) => {
    let started = false;
    applyTiers({
      ...options,
      onRunStarted: (runId) => {
        started = true;
        resolve({ runId });
      },
    }).catch((error: unknown) => {
      if (!started) reject(error);
      // Once started, the run itself records the outcome; a fault (a lost target, a missing audit event)
      // must still reach the server log, where its operator looks.
      else if (!isDomainError(error)) console.error('[one-roof] run failed:', error);
      else if (isRunFailure(error)) console.error(`[one-roof] run failed: ${error.code}: ${error.message}`);
    });
  });
}
