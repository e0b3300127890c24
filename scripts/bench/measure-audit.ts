// The audit trail's figures over HTTP, signed in as an auditor: the export of a seeded chain, and
// the verification of a (longer) seeded chain with the serving process's memory growth during it.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { measureFirstLoad } from './measure-first-load';
import { signIn } from './sign-in';
import { startApp } from './start-app';

type Person = { email: string; password: string };

function memoryKiB(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Export time per run, and the dashboard's first-load JavaScript (once: it does not vary by run). */
export async function measureExport(options: {
  root: string;
  env: Record<string, string | undefined>;
  runs: number;
  auditor: Person;
  viewer: Person;
  events: number;
}): Promise<{ exportMs: number[]; firstLoadKiB: number[] }> {
  const app = await startApp(options);
  try {
    const cookie = await signIn(app.origin, options.auditor.email, options.auditor.password);
    const exportMs: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const started = performance.now();
      const response = await fetch(`${app.origin}/api/audit/export?format=json`, {
        headers: { Cookie: cookie, Origin: app.origin },
        signal: AbortSignal.timeout(600_000),
      });
      const body = await response.text();
      exportMs.push(performance.now() - started);
      // A refusal or a short file must not pass for a fast export.
      if (response.status !== 200)
        throw new Error(`export answered ${response.status}: ${body.slice(0, 500)}`);
      const seqs = body.match(/"seq":/g)?.length ?? 0;
      if (seqs < options.events) throw new Error(`export held ${seqs} events, not ${options.events}`);
    }
    const viewerCookie = await signIn(app.origin, options.viewer.email, options.viewer.password);
    return { exportMs, firstLoadKiB: [await measureFirstLoad({ origin: app.origin, cookie: viewerCookie })] };
  } finally {
    await app.stop();
  }
}

/**
 * Verify time per run, and the serving process's growth during it: its peak resident set
 * (VmHWM, reset just before through clear_refs) less its resident set just before.
 */
export async function measureVerify(options: {
  root: string;
  env: Record<string, string | undefined>;
  runs: number;
  auditor: Person;
  events: number;
}): Promise<{ verifyMs: number[]; verifyGrowthMiB: number[] }> {
  const app = await startApp(options);
  try {
    const cookie = await signIn(app.origin, options.auditor.email, options.auditor.password);
    const pid = app.serverPid();
    const verifyMs: number[] = [];
    const verifyGrowthMiB: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
      const before = memoryKiB(pid);
      const started = performance.now();
      const response = await fetch(`${app.origin}/api/audit/verify`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: app.origin },
        signal: AbortSignal.timeout(900_000),
      });
      const result = (await response.json()) as { intact?: boolean; events?: number };
      verifyMs.push(performance.now() - started);
      const after = memoryKiB(pid);
      if (response.status !== 200 || result.intact !== true || (result.events ?? 0) < options.events)
        throw new Error(`verify answered ${response.status}: ${JSON.stringify(result)}`);
      verifyGrowthMiB.push((Math.max(after.hwm, after.rss) - before.rss) / 1024);
    }
    return { verifyMs, verifyGrowthMiB };
  } finally {
    await app.stop();
  }
}
