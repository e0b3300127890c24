import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { STALE_RUN_MS } from '@/lib/server/runner/effective-run-status';
import { runIsAlive } from '@/lib/server/runner/run-is-alive';

// A pid that was just used and has ended.
const deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;
const ago = (ms: number) => new Date(Date.now() - ms);

describe('runIsAlive: how a run whose process died is told from one in flight', () => {
  it.each([
    ['another host, fresh heartbeat', { host: 'elsewhere', pid: deadPid, heartbeatAt: ago(0) }, true],
    [
      'another host, heartbeat past the limit',
      { host: 'elsewhere', pid: process.pid, heartbeatAt: ago(STALE_RUN_MS + 1_000) },
      false,
    ],
    [
      'this host, a live process, fresh heartbeat',
      { host: hostname(), pid: process.ppid, heartbeatAt: ago(0) },
      true,
    ],
    [
      'this host, a live process, heartbeat past the limit',
      { host: hostname(), pid: process.ppid, heartbeatAt: ago(STALE_RUN_MS + 1_000) },
      false,
    ],
    [
      'this host, its process gone, fresh heartbeat',
      { host: hostname(), pid: deadPid, heartbeatAt: ago(0) },
      false,
    ],
    [
      'this host, this very pid but not a run this process records',
      { host: hostname(), pid: process.pid, heartbeatAt: ago(0) },
      false,
    ],
  ])('%s → %s', (_what, run, alive) => {
    expect(runIsAlive({ id: randomUUID(), status: 'running', ...run })).toBe(alive);
  });

  it.each(['succeeded', 'failed', 'refused', 'interrupted'])('a %s run is never alive', (status) => {
    expect(
      runIsAlive({ id: randomUUID(), status, host: hostname(), pid: process.ppid, heartbeatAt: ago(0) }),
    ).toBe(false);
  });
});
