import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

type Figure = {
  figure: string;
  collections: number;
  summary: { min: number; median: number; max: number };
  goal?: { text: string; met: boolean };
};

// The benchmark at its smallest, so that it cannot rot: every figure must come out as a number.
// Times are never asserted here; they belong to `npm run bench` and docs/benchmarks.md. The timeout
// leaves room for the `next build` that `npm start` runs first when the build is stale.
describe('npm run bench, smoke run at 35 collections', { timeout: 960_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('produces every figure as a finite number, with goals computed', async () => {
    const out = path.join(dir, 'benchmarks.md');
    const json = path.join(dir, 'benchmarks.json');
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--conditions=react-server', '--import', 'tsx', 'scripts/bench/run-bench.ts'],
        {
          env: {
            ...process.env,
            BENCH_SIZES: '35',
            BENCH_RUNS: '1',
            BENCH_AUDIT_EVENTS: '2000',
            BENCH_EXPORT_EVENTS: '500',
            BENCH_OUT: out,
            BENCH_JSON: json,
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code).toBe(0);

    const figures = JSON.parse(readFileSync(json, 'utf8')) as Figure[];
    const names = figures.map((f) => f.figure).join('\n');
    for (const expected of [
      /tier time ÷ psql/,
      /gate -- apply.*÷/,
      /final gap count/,
      /peak memory/,
      /api\/status.*÷/,
      /api\/status`, server side/,
      /preparing the template/,
      /copying the templates for one run/,
      /ratify race: p95/,
      /ratify race: requests that failed/,
      /ratify race: ratifications/,
      /ratify race: approval rows on production/,
      /seeding the audit chain to 500 events/,
      /api\/audit\/export` of 500 events/,
      /seeding the audit chain to 2000 events/,
      /api\/audit\/verify` of 2000 events/,
      /memory growth during `POST \/api\/audit\/verify`/,
      /first-load JavaScript/,
    ]) {
      expect(names).toMatch(expected);
    }
    for (const figure of figures) {
      expect(figure.collections, figure.figure).toBe(35);
      for (const value of Object.values(figure.summary))
        expect(Number.isFinite(value), figure.figure).toBe(true);
      if (figure.goal) expect(typeof figure.goal.met, figure.figure).toBe('boolean');
    }
    expect(figures.some((f) => f.goal)).toBe(true);

    const note = readFileSync(out, 'utf8');
    expect(note).toContain(
      'BENCH_SIZES=35 BENCH_RUNS=1 BENCH_AUDIT_EVENTS=2000 BENCH_EXPORT_EVENTS=500 npm run bench',
    );
    for (const figure of figures) expect(note).toContain(`| ${figure.figure} | 35 |`);
  });
});
