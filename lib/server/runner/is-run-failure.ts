import 'server-only';
import type { RefusalCode } from '@/lib/errors';

// The target or the control plane broke, rather than a rule saying no: the run failed, it was not refused.
const failures: ReadonlySet<RefusalCode> = new Set([
  'TIER_FAILED',
  'AUDIT_INCOMPLETE',
  'TARGET_UNREACHABLE',
  'TARGET_LOST',
  'TARGET_TIMEOUT',
]);

/** Whether a run that stopped with this code failed (a fault) rather than was refused (a rule). */
export function isRunFailure(options: { code: RefusalCode }): boolean {
  return failures.has(options.code);
}
