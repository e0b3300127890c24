import 'server-only';
import { resumeDeadRuns } from '@/lib/server/runner/resume-dead-runs';

/** Often enough that a killed run is taken over within seconds; one indexed read of running runs each time. */
const POLL_MS = 2_000;

const registry = globalThis as { [key: symbol]: NodeJS.Timeout | undefined };
const POLLER = Symbol.for('one-roof.resume-poller');

/**
 * Looks, now and then every POLL_MS, for runs whose process died, and resumes
 * them in this process (resumeDeadRuns). Every instance runs one; the claim on
 * the run row lets exactly one of them take each run. A pass still resuming a
 * run is not overlapped by the next. Started once per process, whatever
 * number of times it is asked.
 */
export function startResumePoller(options: { onFirstPass?: () => Promise<unknown> } = {}): void {
  if (registry[POLLER]) return;
  let busy = false;
  let first = true;
  const pass = async () => {
    if (busy) return;
    busy = true;
    try {
      await resumeDeadRuns();
    } catch (error) {
      console.error('[one-roof] resuming dead runs failed:', error);
    } finally {
      busy = false;
    }
    if (first) {
      first = false;
      await options.onFirstPass?.().catch((error: unknown) => console.error('[one-roof] start-up:', error));
    }
  };
  registry[POLLER] = setInterval(pass, POLL_MS);
  registry[POLLER].unref();
  void pass();
}
