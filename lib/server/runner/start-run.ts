import 'server-only';
import { z } from 'zod';
import { isDomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { environmentNameInput } from '@/lib/server/environments/environment-name-input';
import { parseInput } from '@/lib/server/parse-input';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { isRunFailure } from '@/lib/server/runner/is-run-failure';
import { parseTierRange } from '@/lib/tier-range';

const tiersSentence = 'Write tiers like 1-6, 3 or 1,2, each from 1 to 999.';

/** What the start-run form sends: tiers as typed ("1-6") or already as numbers. */
export const startRunInput = z.object({
  environment: environmentNameInput,
  tiers: z.preprocess(
    (tiers) => (typeof tiers === 'string' ? (parseTierRange(tiers) ?? tiers) : tiers),
    z.array(z.number().int().min(1).max(999), { error: tiersSentence }).min(1, tiersSentence),
  ),
});

/**
 * Starts a run and answers as soon as it is recorded, leaving its tiers to
 * apply in this server process while the run page shows their progress. A
 * refusal before the run is recorded (permission, input) is thrown here; one
 * after it is recorded in the run itself. Needs a long-lived server (`next
 * start`), not a function that is frozen once it has answered.
 */
export function startRun(
  options: z.input<typeof startRunInput> & { actor: Actor; context: RequestContext },
): Promise<{ runId: string }> {
  return new Promise((resolve, reject) => {
    const input = parseInput(startRunInput, { environment: options.environment, tiers: options.tiers });
    let started = false;
    applyTiers({
      ...input,
      actor: options.actor,
      context: options.context,
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
