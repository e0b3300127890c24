// GET /api/status against a static file from the same server (`npm start`, as a user runs it),
// both timed client-side in alternation, after warm-up; and the server's own time for status,
// from its `Server-Timing: app;dur=<ms>` header.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApp } from './start-app';
import { summarize } from './stats';

async function timed(url: string): Promise<{ ms: number; serverMs: number | null }> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const app = /(?:^|,)\s*app\s*;[^,]*\bdur=(\d+(?:\.\d+)?)/.exec(response.headers.get('server-timing') ?? '');
  return { ms, serverMs: app ? Number(app[1]) : null };
}

export async function measureStatus(options: {
  root: string;
  env: Record<string, string | undefined>;
  requests: number;
}): Promise<{ statusMs: number[]; staticMs: number[]; statusRatio: number[]; statusServerMs: number[] }> {
  const app = await startApp(options);
  try {
    const chunk = readdirSync(path.join(options.root, '.next/static/chunks')).find((f) => f.endsWith('.js'));
    if (!chunk) throw new Error('the build has no static chunk to compare with');
    const staticUrl = `${app.origin}/_next/static/chunks/${chunk}`;
    const statusUrl = `${app.origin}/api/status`;
    for (let i = 0; i < 5; i++) {
      await timed(statusUrl);
      await timed(staticUrl);
    }
    const statusMs: number[] = [];
    const staticMs: number[] = [];
    // Without the header the figure stays empty and is reported "not produced".
    const statusServerMs: number[] = [];
    for (let i = 0; i < options.requests; i++) {
      const status = await timed(statusUrl);
      statusMs.push(status.ms);
      if (status.serverMs !== null) statusServerMs.push(status.serverMs);
      staticMs.push((await timed(staticUrl)).ms);
    }
    return {
      statusMs,
      staticMs,
      statusRatio: [summarize(statusMs).median / summarize(staticMs).median],
      statusServerMs,
    };
  } finally {
    await app.stop();
  }
}
