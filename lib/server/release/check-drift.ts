import 'server-only';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { readDriftState } from '@/lib/server/drift/read-drift-state';
import type { CheckResult } from './get-readiness';

/** Governed rows changed on production outside any tier block an apply until an owner re-applies or acknowledges. */
export async function checkDrift({ bundle }: { bundle: Bundle }): Promise<CheckResult> {
  try {
    const { unexplained, drift } = await readDriftState({ environment: 'production', bundle });
    if (unexplained.sentence) return { ok: false, detail: unexplained.sentence };
    const explained =
      drift.total > 0 ? ` All ${drift.total} recorded direct writes were re-applied or acknowledged.` : '';
    return {
      ok: true,
      detail: `Every governed row on production is as its tiers wrote it.${explained}`,
    };
  } catch (error) {
    console.error('[one-roof] readiness: the drift of production could not be read:', error);
    return {
      ok: false,
      detail: "Production's drift log could not be read; the server log says why.",
    };
  }
}
