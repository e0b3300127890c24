'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { startRun, startRunInput } from '@/lib/server/runner/start-run';

export const startRunAction = formAction('startRun', startRunInput, startRun, {
  permission: 'tier.apply',
  revalidates: 'all',
  outcome: ({ runId }, input) => ({
    message: `Run started on ${input.environment}: follow its progress below.`,
    data: { runId },
  }),
});
