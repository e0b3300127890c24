import 'server-only';
import { type DriftState, readDriftState } from '@/lib/server/drift/read-drift-state';

export type DriftGlanceRow = {
  environment: string;
  /** Null when the environment's drift log could not be read. */
  state: DriftState | null;
};

/** Per environment, its drift as the dashboard sums it up; one unreadable log does not hide the others. */
export async function readDriftGlance({
  environments,
}: {
  environments: readonly string[];
}): Promise<DriftGlanceRow[]> {
  return Promise.all(
    environments.map(async (environment) => ({
      environment,
      state: await readDriftState({ environment }).catch((error: unknown) => {
        console.error(`[one-roof] dashboard: the drift of ${environment} could not be read:`, error);
        return null;
      }),
    })),
  );
}
