import 'server-only';
import { isDomainError } from '@/lib/errors';
import type { RunKind } from '@/lib/generated/prisma/client';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { isRunFailure } from '@/lib/server/runner/is-run-failure';
import { RunRecorder } from '@/lib/server/runner/run-recorder';

/** Records a one-step run (reset, rollback) around `work`, with its outcome and any refusal. */
export async function recordRun<T>(options: {
  kind: RunKind;
  environment: string;
  bundle: Bundle;
  actor: Actor;
  context: RequestContext;
  work: (runId: string) => Promise<T>;
}): Promise<T> {
  const recorder = await RunRecorder.start({ ...options, tiers: [] });
  try {
    const result = await options.work(recorder.runId);
    await recorder.finish({ status: 'succeeded' });
    return result;
  } catch (error) {
    const refused = isDomainError(error) && !isRunFailure(error);
    await recorder.finish({
      status: refused ? 'refused' : 'failed',
      error: {
        code: isDomainError(error) ? error.code : 'TIER_FAILED',
        message: (error as Error).message,
      },
    });
    throw error;
  }
}
