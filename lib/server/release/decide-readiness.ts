import 'server-only';
import type { ReadinessItem } from './get-readiness';

/** The verdict and its one blocker: the first failing item in the order a person would have to clear them. */
export function decideReadiness(items: ReadinessItem[]) {
  const reachability = items
    .filter((item) => item.id.endsWith('-reachable'))
    .sort((a, b) => Number(b.id === 'production-reachable') - Number(a.id === 'production-reachable'))
    .map((item) => item.id);
  const order = [
    'bundle',
    // An environment that cannot be read comes before everything it would have told: the pre-state, the approval
    // rows, the rehearsal and the ratifications are unknown while it is down. Production first, as the target.
    ...reachability,
    'pre-state',
    'approval-rows',
    // Drift is named before the gate: ratifying again would not explain rows changed behind the tool's back.
    'drift',
    // Rehearse, then ratify, then apply: approvers ratify an effect that was observed.
    'rehearsal',
    'ratifications',
    'no-run-in-flight',
  ];
  const blocking = order.map((id) => items.find((item) => item.id === id)).find((item) => item && !item.ok);
  return {
    verdict: blocking ? ('NO-GO' as const) : ('GO' as const),
    blocker: blocking ? `${blocking.label}: ${blocking.detail}` : null,
    checklist: items,
  };
}
