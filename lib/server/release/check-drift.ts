import 'server-only';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { readDriftState } from '@/lib/server/drift/read-drift-state';
import type { ReadinessItem } from './get-readiness';

/** Governed rows changed on production outside any tier block an apply until an owner re-applies or acknowledges. */
export async function checkDrift({
  bundle,
  reachable,
}: {
  bundle: Bundle;
  reachable: boolean;
}): Promise<ReadinessItem> {
  const item = { id: 'drift', label: 'No unexplained drift on production' };
  if (!reachable) return { ...item, ok: false, detail: 'Unknown while production cannot be read.' };
  try {
    const { unexplained, drift } = await readDriftState({ environment: 'production', bundle });
    if (unexplained.sentence) return { ...item, ok: false, detail: unexplained.sentence };
    const explained =
      drift.total > 0 ? ` All ${drift.total} recorded direct writes were re-applied or acknowledged.` : '';
    return {
      ...item,
      ok: true,
      detail: `Every governed row on production is as its tiers wrote it.${explained}`,
    };
  } catch (error) {
    console.error('[one-roof] readiness: the drift of production could not be read:', error);
    return {
      ...item,
      ok: false,
      detail: "Production's drift log could not be read; the server log says why.",
    };
  }
}
