import 'server-only';
import { hostname } from 'node:os';
import { effectiveRunStatus } from '@/lib/server/runner/effective-run-status';
import { ownRuns } from '@/lib/server/runner/own-runs';

/**
 * Whether a run's process may still write its own events. A run on this host
 * whose process is gone is dead at once; elsewhere, only its heartbeat tells.
 */
export function runIsAlive(run: {
  id: string;
  status: string;
  heartbeatAt: Date;
  host: string;
  pid: number;
}): boolean {
  if (effectiveRunStatus(run) !== 'running') return false;
  if (run.host !== hostname()) return true;
  // After a restart this process may carry a dead run's pid (a container's pid 1): only its own runs count.
  if (run.pid === process.pid) return ownRuns.has(run.id);
  try {
    process.kill(run.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
