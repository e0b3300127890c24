// `npm run bench`: the app against psql on the same PostgreSQL 15, on fresh copies of one
// prepared template per size, alternating which goes first. See docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { writeScaledBundle } from '../../tests/fixtures/scaled-bundle';
import { measureExport, measureVerify } from './measure-audit';
import { measureStatus } from './measure-status';
import { seedAuditEvents } from './seed-audit';
import { type Summary, summarize } from './stats';

const root = path.resolve(import.meta.dirname, '../..');
const sourceBundle = path.join(root, 'releases/one-roof-authmodel');
const adminUrl = process.env.TEST_PG_URL;
if (!adminUrl) throw new Error('TEST_PG_URL is not set: run `npm run bench`, which starts PostgreSQL 15');
const sizes = (process.env.BENCH_SIZES ?? '35,2000,10000,100000').split(',').map((s) => Number(s.trim()));
const runs = Number(process.env.BENCH_RUNS ?? '5');
const outFile = path.resolve(root, process.env.BENCH_OUT ?? 'docs/benchmarks.md');
const jsonFile = process.env.BENCH_JSON;
const auditEvents = Number(process.env.BENCH_AUDIT_EVENTS ?? '1000000');
const exportEvents = Number(process.env.BENCH_EXPORT_EVENTS ?? '100000');
const operator = 'bench-operator@bench.local';
const password = randomBytes(18).toString('hex');

function urlOf(name: string): string {
  const url = new URL(adminUrl as string);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string; cwd?: string },
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>(
    (resolve, reject) => {
      const started = performance.now();
      const child = spawn(command, args, {
        cwd: options.cwd ?? root,
        env: { ...process.env, ...options.env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
      child.stdin.end(options.input ?? '');
    },
  );
}

function mustSucceed(what: string, result: { code: number | null; stdout: string; stderr: string }) {
  if (result.code !== 0)
    throw new Error(`${what} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
}

// The shipped 99_run_all.sql, with the tier transactions timed from inside psql and the final gap
// query (whatever follows the last tier's \endif) timed by psql's own \timing: two extra local
// round trips per tier, nothing else changes. A file of another shape fails here, not as a wrong figure.
function timedRunAll(dir: string, tiers: number): string {
  const shipped = readFileSync(path.join(dir, '99_run_all.sql'), 'utf8');
  const begins = shipped.split('  BEGIN;\n').length - 1;
  const commits = shipped.split('  COMMIT;\n').length - 1;
  const lastTier = shipped.lastIndexOf('\\endif\n');
  if (begins !== tiers || commits !== tiers || lastTier < 0)
    throw new Error(
      `99_run_all.sql no longer has one "  BEGIN; … COMMIT;" per tier (${begins}/${commits}/${tiers})`,
    );
  const at = lastTier + '\\endif\n'.length;
  const text = `${shipped.slice(0, at)}\\timing on\n${shipped.slice(at)}`
    .replaceAll('  BEGIN;\n', '  SELECT clock_timestamp() AS bench_t0 \\gset\n  BEGIN;\n')
    .replaceAll(
      '  COMMIT;\n',
      "  COMMIT;\n  SELECT extract(epoch FROM clock_timestamp() - :'bench_t0'::timestamptz) * 1000 AS bench_ms \\gset\n  \\echo BENCH_TIER :bench_ms\n",
    );
  const file = path.join(dir, 'bench_run_all.sql');
  writeFileSync(file, text);
  return file;
}

type Sample = Record<string, number>;

// Fresh copies of the control plane (of `options.control` if given) and the clone, and of production
// only for a run that writes there: at 100k collections each copy of a target costs minutes.
async function withCopies<T>(
  size: Ctx,
  work: (control: string, target: string, production: string) => Promise<T>,
  options: { control?: string; production?: boolean } = {},
): Promise<T> {
  const tag = randomBytes(4).toString('hex');
  const copies: Record<string, string> = {
    [`bench_ctl_${tag}`]: options.control ?? size.templates.control,
    [`bench_app_${tag}`]: size.templates.clone,
    ...(options.production ? { [`bench_prd_${tag}`]: size.templates.production } : {}),
  };
  const started = performance.now();
  await admin(async (c) => {
    for (const [name, template] of Object.entries(copies))
      await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  });
  // Only the copies every apply run makes: an audit chain or production would say nothing of them.
  if (!options.control && !options.production) size.copyMs.push(performance.now() - started);
  try {
    const [control, target, production] = Object.keys(copies).map(urlOf) as [string, string, string?];
    return await work(control, target, production ?? urlOf(size.templates.production));
  } finally {
    await admin(async (c) => {
      for (const name of Object.keys(copies)) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }
}

async function gateApply(size: Ctx, control: string, target: string): Promise<Sample> {
  const result = await run(
    'npm',
    [
      'run',
      '--silent',
      'gate',
      '--',
      'apply',
      '--env',
      'clone',
      '--tiers',
      '1-6',
      '--as',
      operator,
      '--password-stdin',
    ],
    {
      input: `${password}\n`,
      env: {
        ...size.env,
        DATABASE_URL: control,
        CLONE_DATABASE_URL: target,
        NODE_OPTIONS: `--import=${pathToFileURL(path.join(import.meta.dirname, 'report-rss.mjs')).href}`,
      },
    },
  );
  mustSucceed('npm run gate -- apply', result);
  if (!/applied tier 1, 2, 3, 4, 5, 6 to clone/.test(result.stdout))
    throw new Error(`not all tiers applied:\n${result.stdout}`);
  const tierMs = [...result.stdout.matchAll(/applied in (\d+(?:\.\d+)?) ms/g)].reduce(
    (s, m) => s + Number(m[1]),
    0,
  );
  const rssKb = Math.max(
    ...[...result.stderr.matchAll(/^BENCH_RSS (\S*gate\.ts) (\d+)$/gm)].map((m) => Number(m[2])),
  );
  return { appTierMs: tierMs, appWholeMs: result.ms, appPeakMiB: rssKb / 1024 };
}

const appRun = (size: Ctx) => withCopies(size, (control, target) => gateApply(size, control, target));

// Status is read on an applied clone, where the gap read has every covered cell to count.
const statusRun = (size: Ctx) =>
  withCopies(size, async (control, target) => {
    await gateApply(size, control, target);
    return measureStatus({
      root,
      env: { ...size.env, DATABASE_URL: control, CLONE_DATABASE_URL: target },
      requests: Math.max(20, runs * 10),
    });
  });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

// The race runs in its own process (it needs the app's env at import), on fresh copies.
const ratifyRun = (size: Ctx) =>
  withCopies(
    size,
    async (control, target, production) => {
      const result = await run(
        process.execPath,
        ['--conditions=react-server', '--import', 'tsx', path.join(import.meta.dirname, 'ratify-race.ts')],
        {
          env: {
            ...size.env,
            DATABASE_URL: control,
            CLONE_DATABASE_URL: target,
            PRODUCTION_DATABASE_URL: production,
            BENCH_OPERATOR: operator,
            BENCH_PASSWORD: password,
          },
        },
      );
      mustSucceed('the ratify race', result);
      const race = JSON.parse(result.stdout.trim().split('\n').at(-1) as string) as {
        latencies: number[];
        failed: number;
        ratifications: number;
        productionRows: number;
      };
      if (race.latencies.length !== 200)
        throw new Error(`the race settled ${race.latencies.length} requests`);
      return {
        ratifyP95Ms: percentile(race.latencies, 0.95),
        ratifyFailed: race.failed,
        ratifyRows: race.ratifications,
        ratifyProductionRows: race.productionRows,
      };
    },
    { production: true },
  );

/**
 * The figures that do not depend on the bundle's size, taken once, on the smallest size: the
 * ratify race per run; the audit chain seeded once into its own template (a copy of the control
 * template, so the apply runs do not copy a million events), exported at one length, then
 * extended and verified at another.
 */
async function measureOnce(size: Ctx): Promise<Record<string, number[]>> {
  const series: Record<string, number[]> = {
    ratifyP95Ms: [],
    ratifyFailed: [],
    ratifyRows: [],
    ratifyProductionRows: [],
  };
  for (let i = 0; i < runs; i++) {
    const race = await ratifyRun(size);
    for (const [key, value] of Object.entries(race)) series[key]?.push(value);
    console.error(`[bench] ratify race, run ${i + 1}/${runs}: ${JSON.stringify(race)}`);
  }
  const template = `bench_taud_${randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${template} TEMPLATE ${size.templates.control}`));
  try {
    const seed = async (total: number) => {
      const started = performance.now();
      await seedAuditEvents({ url: urlOf(template), total });
      const ms = performance.now() - started;
      console.error(`[bench] audit chain seeded to ${total} events in ${ms.toFixed(0)} ms`);
      return ms;
    };
    const people = {
      auditor: { email: 'bench-auditor@bench.local', password },
      viewer: { email: 'bench-viewer@bench.local', password },
    };
    series.seedExportMs = [await seed(exportEvents)];
    const exported = await withCopies(
      size,
      (control, target, production) =>
        measureExport({
          root,
          env: {
            ...size.env,
            DATABASE_URL: control,
            CLONE_DATABASE_URL: target,
            PRODUCTION_DATABASE_URL: production,
          },
          runs,
          events: exportEvents,
          ...people,
        }),
      { control: template },
    );
    series.seedAuditMs = [await seed(auditEvents)];
    const verified = await withCopies(
      size,
      (control, target, production) =>
        measureVerify({
          root,
          env: {
            ...size.env,
            DATABASE_URL: control,
            CLONE_DATABASE_URL: target,
            PRODUCTION_DATABASE_URL: production,
          },
          runs,
          events: auditEvents,
          auditor: people.auditor,
        }),
      { control: template },
    );
    console.error(`[bench] export and verify: ${JSON.stringify({ ...exported, ...verified })}`);
    Object.assign(series, exported, verified);
  } finally {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  }
  return series;
}

async function psqlRun(size: Ctx): Promise<Sample> {
  const target = `bench_psql_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${target} TEMPLATE ${size.templates.clone}`));
  try {
    // psql has no control plane: the ratification the app checks there is a row on the target here.
    const client = new pg.Client({ connectionString: urlOf(target) });
    await client.connect();
    await client.query(
      `INSERT INTO public.os_proposal_approvals
         (proposal_code, approver, approver_level, bundle_digest, rehearsal, ratification_id)
       VALUES ('APR-BOOT-AUTHMODEL-1', 'bench-approver', 'L4', $1, false, $2)`,
      [size.digest, randomUUID()],
    );
    await client.end();
    const result = await run(
      'psql',
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-d',
        urlOf(target),
        '-v',
        'ratified_apr=APR-BOOT-AUTHMODEL-1',
        '-v',
        `bundle_digest=${size.digest}`,
        '-f',
        size.runAll,
      ],
      { cwd: size.dir },
    );
    mustSucceed('psql -f 99_run_all.sql', result);
    const tiers = [...result.stdout.matchAll(/^BENCH_TIER (\d+(?:\.\d+)?)$/gm)].map((m) => Number(m[1]));
    if (tiers.length !== 6) throw new Error(`psql applied ${tiers.length} tiers:\n${result.stdout}`);
    const gap = /Time: (\d+(?:\.\d+)?) ms/.exec(result.stdout);
    return { psqlTierMs: tiers.reduce((s, t) => s + t, 0), psqlWholeMs: result.ms, gapMs: Number(gap?.[1]) };
  } finally {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`));
  }
}

type Ctx = {
  collections: number;
  dir: string;
  runAll: string;
  digest: string;
  env: Record<string, string>;
  templates: { control: string; clone: string; production: string };
  prepareMs: number;
  /** Time to make each run's fresh copies: at 100k collections the copies, not the runs, could dominate. */
  copyMs: number[];
};

async function prepare(collections: number): Promise<Ctx> {
  const base = Object.values(
    JSON.parse(readFileSync(path.join(sourceBundle, 'manifest.json'), 'utf8')).governedCollections as Record<
      string,
      string[]
    >,
  ).flat().length;
  if (!Number.isInteger(collections) || collections < base)
    throw new Error(`BENCH_SIZES: each size is an integer ≥ ${base}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-bundle-${collections}-`));
  rmSync(dir, { recursive: true });
  writeScaledBundle({ from: sourceBundle, to: dir, extra: collections - base });
  const tag = `${collections}_${randomBytes(3).toString('hex')}`;
  const templates = {
    control: `bench_tctl_${tag}`,
    clone: `bench_tcln_${tag}`,
    production: `bench_prod_${tag}`,
  };
  await admin(async (c) => {
    for (const name of Object.values(templates)) await c.query(`CREATE DATABASE ${name}`);
  });
  const env = {
    BUNDLE_DIR: dir,
    PRODUCTION_DATABASE_URL: urlOf(templates.production),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const started = performance.now();
  const prepared = await run(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', path.join(import.meta.dirname, 'prepare-template.ts')],
    {
      env: {
        ...env,
        DATABASE_URL: urlOf(templates.control),
        CLONE_DATABASE_URL: urlOf(templates.clone),
        BENCH_OPERATOR: operator,
        BENCH_PASSWORD: password,
      },
    },
  );
  mustSucceed('preparing the template', prepared);
  return {
    collections,
    dir,
    runAll: timedRunAll(dir, JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).tiers.length),
    digest: prepared.stdout.trim(),
    env,
    templates,
    prepareMs: performance.now() - started,
    copyMs: [],
  };
}

async function dispose(size: Ctx) {
  await admin(async (c) => {
    for (const name of Object.values(size.templates))
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  rmSync(size.dir, { recursive: true, force: true });
}

export type Figure = {
  figure: string;
  collections: number;
  unit: string;
  summary: Summary;
  goal?: { text: string; met: boolean };
};

function lessOrEqual(limit: number, unit: string) {
  return (s: Summary) => ({ text: `≤ ${limit}${unit}`, met: s.median <= limit });
}

// Met only when every run ended with exactly this many.
function exactly(count: number) {
  return (s: Summary) => ({ text: `= ${count} in every run`, met: s.min === count && s.max === count });
}

// The goals, by figure and size; a size without a goal gets none.
const goals: Record<
  string,
  (collections: number) => ((s: Summary) => { text: string; met: boolean }) | undefined
> = {
  tierRatio: () => lessOrEqual(1.1, '×'),
  wholeRatio: (n) => (n === 100_000 ? lessOrEqual(1.1, '×') : undefined),
  appWholeMs: (n) => (n === 35 ? lessOrEqual(350, ' ms') : undefined),
  gapMs: (n) => (n === 10_000 ? lessOrEqual(50, ' ms') : undefined),
  appPeakMiB: (n) => (n === 100_000 ? lessOrEqual(300, ' MiB') : undefined),
  statusRatio: (n) => (n === 35 ? lessOrEqual(1.5, '×') : undefined),
  statusServerMs: (n) => (n === 100_000 ? lessOrEqual(20, ' ms') : undefined),
  ratifyP95Ms: () => lessOrEqual(250, ' ms'),
  ratifyFailed: () => exactly(0),
  ratifyRows: () => exactly(20),
  ratifyProductionRows: () => exactly(20),
  exportMs: () => (exportEvents >= 100_000 ? lessOrEqual(2000, ' ms') : undefined),
  verifyMs: () => (auditEvents >= 1_000_000 ? lessOrEqual(5000, ' ms') : undefined),
  verifyGrowthMiB: () => (auditEvents >= 1_000_000 ? lessOrEqual(100, ' MiB') : undefined),
  firstLoadKiB: () => lessOrEqual(150, ' kB'),
};

const labels: Record<string, [string, string]> = {
  tierRatio: ["runner's tier time ÷ psql's tier time", '×'],
  appTierMs: ["runner's tier time", 'ms'],
  psqlTierMs: ["psql's tier time", 'ms'],
  wholeRatio: ['`npm run gate -- apply` ÷ `psql -f 99_run_all.sql`, whole command', '×'],
  appWholeMs: ['`npm run gate -- apply`, whole command', 'ms'],
  psqlWholeMs: ['`psql -f 99_run_all.sql`, whole command', 'ms'],
  gapMs: ["`99_run_all.sql`'s final gap count on a fresh target", 'ms'],
  appPeakMiB: ['app peak memory (max RSS) during apply', 'MiB'],
  statusRatio: ['`GET /api/status` ÷ a static file, median of each, client side', '×'],
  statusMs: ['`GET /api/status`, client side', 'ms'],
  staticMs: ['a static file (`/_next/static/chunks/…`), client side', 'ms'],
  statusServerMs: ['`GET /api/status`, server side (`Server-Timing: app`)', 'ms'],
  prepareMs: ['preparing the template databases (once per size)', 'ms'],
  copyMs: ['copying the templates for one run (control plane, clone, production)', 'ms'],
};

// Taken once, on the smallest size (see measureOnce).
const onceLabels: Record<string, [string, string]> = {
  ratifyP95Ms: ['ratify race: p95 latency of 200 requests from 20 approvers (domain, in process)', 'ms'],
  ratifyFailed: ['ratify race: requests that failed (other than ALREADY_RATIFIED)', 'requests'],
  ratifyRows: ['ratify race: ratifications on the control plane', 'rows'],
  ratifyProductionRows: ['ratify race: approval rows on production', 'rows'],
  seedExportMs: [`seeding the audit chain to ${exportEvents} events (once)`, 'ms'],
  exportMs: [`\`GET /api/audit/export\` of ${exportEvents} events, whole download`, 'ms'],
  seedAuditMs: [`seeding the audit chain to ${auditEvents} events (once)`, 'ms'],
  verifyMs: [`\`POST /api/audit/verify\` of ${auditEvents} events`, 'ms'],
  verifyGrowthMiB: [
    `server's memory growth during \`POST /api/audit/verify\` of ${auditEvents} events`,
    'MiB',
  ],
  firstLoadKiB: ["dashboard's first-load JavaScript, gzipped (once)", 'kB'],
};

async function measure(collections: number, once: boolean): Promise<Figure[]> {
  const size = await prepare(collections);
  const samples: Sample[] = [];
  const series: Record<string, number[]> = {};
  try {
    for (let i = 0; i < runs; i++) {
      // Alternate who goes first, so neither always gets the warmer cache.
      const [first, second] = i % 2 === 0 ? [appRun, psqlRun] : [psqlRun, appRun];
      const sample = { ...(await first(size)), ...(await second(size)) };
      sample.tierRatio = (sample.appTierMs as number) / (sample.psqlTierMs as number);
      sample.wholeRatio = (sample.appWholeMs as number) / (sample.psqlWholeMs as number);
      samples.push(sample);
      console.error(`[bench] ${collections} collections, run ${i + 1}/${runs}: ${JSON.stringify(sample)}`);
    }
    const status = await statusRun(size);
    series.statusMs = status.statusMs;
    series.staticMs = status.staticMs;
    series.statusRatio = status.statusRatio;
    series.statusServerMs = status.statusServerMs;
    series.prepareMs = [size.prepareMs];
    series.copyMs = size.copyMs;
    if (once) Object.assign(series, await measureOnce(size));
  } finally {
    await dispose(size);
  }
  return Object.entries({ ...labels, ...(once ? onceLabels : {}) }).map(([key, [figure, unit]]) => {
    const summary = summarize(series[key] ?? samples.map((s) => s[key] as number));
    const goal = goals[key]?.(collections)?.(summary);
    return { figure, collections, unit, summary, ...(goal ? { goal } : {}) };
  });
}

function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'not produced';
  return unit === '×' ? value.toFixed(2) : value < 10 ? value.toFixed(2) : value.toFixed(0);
}

async function machine(): Promise<string> {
  const version = await admin(
    async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v,
  );
  const cpu = os.cpus();
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- PostgreSQL ${version}, Node ${process.version}, ${os.type()} ${os.release()}`,
  ].join('\n');
}

const figures: Figure[] = [];
const smallest = Math.min(...sizes);
for (const collections of sizes) figures.push(...(await measure(collections, collections === smallest)));

const command = `BENCH_SIZES=${sizes.join(',')} BENCH_RUNS=${runs} BENCH_AUDIT_EVENTS=${auditEvents} BENCH_EXPORT_EVENTS=${exportEvents} npm run bench`;
const rows = figures.map(
  (f) =>
    `| ${f.figure} | ${f.collections} | ${format(f.summary.min, f.unit)} | ${format(f.summary.median, f.unit)} | ${format(f.summary.max, f.unit)} | ${f.unit} | ${f.goal?.text ?? '—'} | ${f.goal ? (f.goal.met ? 'met' : '**not met**') : '—'} |`,
);
const table = [
  '| figure | collections | min | median | max | unit | goal | met |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
const note = `# Benchmarks

Generated by \`${command}\` on ${new Date().toISOString().slice(0, 10)}: ${runs} run(s) per size, each on fresh
\`CREATE DATABASE … TEMPLATE\` copies, app and psql alternating which goes first. Ratios are taken per run, then
summarized. The goal and met columns are computed from the medians. How each figure is measured, and what is left:
see the end of this file.

## Machine

${await machine()}

## Results

${table}
`;
console.log(table);
const previous = (() => {
  try {
    return readFileSync(outFile, 'utf8');
  } catch {
    return '';
  }
})();
const notesAt = previous.indexOf('\n## How it is measured');
writeFileSync(outFile, note + (notesAt >= 0 ? previous.slice(notesAt) : ''));
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(figures, null, 2));
