import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditEventPages } from '@/lib/server/audit/audit-event-pages';
import { exportAuditTrail } from '@/lib/server/audit/export-audit-trail';
import { hashEvent } from '@/lib/server/audit/hash-event';
import { verifyAuditExport } from '@/lib/server/audit/verify-audit-export';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';
import { type Actor, newRequestContext } from '@/lib/server/auth/actor';
import { parseCheckpoint } from '@/lib/server/checkpoints/checkpoint-body';
import { checkpointFileName, createFileOnce } from '@/lib/server/checkpoints/checkpoint-files';
import { listCheckpoints } from '@/lib/server/checkpoints/list-checkpoints';
import { makeCheckpoint } from '@/lib/server/checkpoints/make-checkpoint';
import { eventLeaf, rootOf } from '@/lib/server/checkpoints/merkle-tree';
import { postCheckpoints } from '@/lib/server/checkpoints/post-checkpoints';
import { proveInclusion } from '@/lib/server/checkpoints/prove-inclusion';
import { openNote, parseVerifierKey } from '@/lib/server/checkpoints/signed-note';
import { verifyExportCheckpoints } from '@/lib/server/checkpoints/verify-export-checkpoints';
import { verifyInclusionProof } from '@/lib/server/checkpoints/verify-inclusion-proof';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { disconnectControlPlanes, getControlPlane } from '@/lib/server/db/control-plane';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { createDatabase } from './harness';

const auditor: Actor = { id: null, label: 'auditor', roles: [{ role: 'auditor', level: null }] };
const EVERY = 5;

describe('signed checkpoints of the audit log, kept off the database', () => {
  let control: pg.Pool;
  let dataDir: string;
  let dir: string;
  let work: string;

  beforeAll(async () => {
    const urls = {
      control: await createDatabase('ckp_control'),
      clone: await createDatabase('ckp_clone'),
      production: await createDatabase('ckp_production'),
    };
    process.env.DATABASE_URL = urls.control;
    process.env.CLONE_DATABASE_URL = urls.clone;
    process.env.PRODUCTION_DATABASE_URL = urls.production;
    await applyMigrations({ url: urls.control });
    control = new pg.Pool({ connectionString: urls.control, max: 2 });
    dataDir = await mkdtemp(path.join(tmpdir(), 'one-roof-ckp-'));
    work = await mkdtemp(path.join(tmpdir(), 'one-roof-ckp-work-'));
    dir = path.join(dataDir, 'checkpoints');
    process.env.DATA_DIR = dataDir;
    process.env.CHECKPOINT_EVERY_EVENTS = String(EVERY);
    process.env.CHECKPOINT_EVERY_MINUTES = '1';
    delete process.env.CHECKPOINT_DIR;
  });
  afterAll(async () => {
    await control?.end();
    await closeTargetPools();
    await disconnectControlPlanes();
    for (const folder of [dataDir, work]) if (folder) await rm(folder, { recursive: true });
  });

  async function append(count: number): Promise<void> {
    for (let n = 0; n < count; n += 1) {
      await getControlPlane().$transaction((tx) =>
        appendAuditEvent(tx, {
          kind: 'user.created',
          data: { email: `p${n}@example.test`, name: `Person ${n}` },
          actor: auditor,
          context: newRequestContext({ ip: '127.0.0.1' }),
          target: `user:p${n}@example.test`,
          outcome: 'success',
          reason: `reason ${n}`,
        }),
      );
    }
  }

  async function storedEvents(): Promise<ExportedEvent[]> {
    const events: ExportedEvent[] = [];
    for await (const page of auditEventPages({ client: control })) events.push(...page);
    return events;
  }

  async function exportToFile(name: string): Promise<string> {
    const file = await exportAuditTrail({ actor: auditor, context: newRequestContext(), format: 'json' });
    const target = path.join(work, name);
    await writeFile(target, await new Response(file.body).text());
    return target;
  }

  const checkpointFiles = async () =>
    (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.checkpoint')).sort();

  it('signs a checkpoint when N events are unpinned, not before, with the Merkle root and chain head of the log', async () => {
    await append(EVERY - 1);
    expect(await makeCheckpoint()).toMatchObject({ outcome: 'not-due', size: 0 });
    expect(await checkpointFiles()).toEqual([]);
    await append(1);
    expect(await makeCheckpoint()).toMatchObject({ outcome: 'made', size: EVERY });
    expect(await checkpointFiles()).toEqual([checkpointFileName(EVERY)]);

    const note = await readFile(path.join(dir, checkpointFileName(EVERY)), 'utf8');
    const key = parseVerifierKey((await readFile(path.join(dir, 'verifier-key.txt'), 'utf8')).trim());
    const opened = openNote(note, key);
    expect(opened.verified).toBe(true);
    const { checkpoint } = parseCheckpoint(opened.text);
    const events = await storedEvents();
    expect(checkpoint).toMatchObject({ origin: 'one-roof-release-gate/audit', size: EVERY });
    expect(checkpoint?.root.equals(rootOf(events.map((event) => eventLeaf(event.hash))))).toBe(true);
    expect(checkpoint?.chainHead).toBe(events[EVERY - 1]?.hash);
  });

  it('signs one on the timer once the oldest unpinned event is CHECKPOINT_EVERY_MINUTES old', async () => {
    await append(2);
    expect(await makeCheckpoint()).toMatchObject({ outcome: 'not-due', size: EVERY });
    const later = new Date(Date.now() + 61_000);
    expect(await makeCheckpoint({ now: later })).toMatchObject({ outcome: 'made', size: EVERY + 2 });
    const { checkpoint } = parseCheckpoint(
      await readFile(path.join(dir, checkpointFileName(EVERY + 2)), 'utf8').then((note) =>
        note.slice(0, note.indexOf('\n\n') + 1),
      ),
    );
    expect(checkpoint?.time).toBe(later.toISOString());
    const events = await storedEvents();
    expect(checkpoint?.root.equals(rootOf(events.map((event) => eventLeaf(event.hash))))).toBe(true);
  });

  it('two pollers at once write one file per tree size, and a name is only ever written once', async () => {
    await append(EVERY);
    const passes = await Promise.all([makeCheckpoint(), makeCheckpoint(), makeCheckpoint()]);
    expect(
      passes.filter((pass) => pass.outcome === 'made'),
      JSON.stringify(passes),
    ).toHaveLength(1);
    expect(await checkpointFiles()).toEqual([EVERY, EVERY + 2, 2 * EVERY + 2].map(checkpointFileName));

    const writes = await Promise.all(
      ['first', 'second'].map((text) => createFileOnce(work, 'once.txt', text)),
    );
    expect(writes.filter(Boolean)).toHaveLength(1);
    expect(['first', 'second']).toContain(await readFile(path.join(work, 'once.txt'), 'utf8'));
    expect(await createFileOnce(work, 'once.txt', 'third')).toBe(false);
    expect(await readFile(path.join(work, 'once.txt'), 'utf8')).not.toBe('third');
  });

  it('lists checkpoints newest first, a bounded page at a time, with the verifier key, to audit readers only', async () => {
    const key = (await readFile(path.join(dir, 'verifier-key.txt'), 'utf8')).trim();
    const first = await listCheckpoints({ actor: auditor, limit: 2 });
    expect(first.verifierKey).toBe(key);
    expect(first.checkpoints.map((checkpoint) => checkpoint.size)).toEqual([2 * EVERY + 2, EVERY + 2]);
    expect(first.checkpoints[0]).toMatchObject({ verified: true, file: checkpointFileName(2 * EVERY + 2) });
    const next = await listCheckpoints({ actor: auditor, limit: 2, beforeSize: EVERY + 2 });
    expect(next.checkpoints.map((checkpoint) => checkpoint.size)).toEqual([EVERY]);
    await expect(listCheckpoints({ actor: auditor, limit: 1000 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const viewer: Actor = { id: null, label: 'viewer', roles: [{ role: 'viewer', level: null }] };
    await expect(listCheckpoints({ actor: viewer })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('proves one event is in a signed checkpoint, offline, and refuses the proof for an edited event', async () => {
    const exported = await exportToFile('for-proof.json');
    const size = 2 * EVERY + 2;
    const checkpoint = await readFile(path.join(dir, checkpointFileName(size)), 'utf8');
    const key = (await readFile(path.join(dir, 'verifier-key.txt'), 'utf8')).trim();
    const proof = await proveInclusion({ file: exported, seq: '3', checkpoint });
    expect(proof).toMatchObject({ leafIndex: 2, treeSize: size });
    expect(verifyInclusionProof({ proof, key })).toMatchObject({ included: true, seq: '3', problem: null });
    const edited = { ...proof, event: { ...proof.event, reason: 'nothing to see' } };
    expect(verifyInclusionProof({ proof: edited, key })).toMatchObject({ included: false });

    // The same through the CLI, as an auditor runs it: the proof written by one command, checked by the other.
    const gate = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['--conditions=react-server', '--import', 'tsx', 'scripts/gate.ts', ...args],
        {
          encoding: 'utf8',
          env: { ...process.env },
          timeout: 60_000,
        },
      );
    const made = gate('audit-proof', exported, '3', '--checkpoint', path.join(dir, checkpointFileName(size)));
    expect(made.status, made.stderr).toBe(0);
    const proofFile = path.join(work, 'proof.json');
    await writeFile(proofFile, made.stdout);
    const checked = gate('verify-inclusion', proofFile, '--key', key);
    expect(checked.stdout).toContain(
      `included: event 3 (user.created) is in the log of ${size} events signed by `,
    );
    expect(checked.status).toBe(0);
    await writeFile(proofFile, JSON.stringify(edited));
    expect(gate('verify-inclusion', proofFile, '--key', key)).toMatchObject({ status: 1 });
  });

  it('a middle event rewritten with the triggers off and every later hash and the head recomputed: the export still verifies alone, and the checkpoints name the first one that no longer matches', async () => {
    await append(3);
    const before = await exportToFile('before.json');
    expect(await verifyExportCheckpoints({ file: before, dir })).toMatchObject({
      consistent: true,
      matched: 3,
    });

    // The table owner's rewrite of event 6, which the checkpoint of size 7 was the first to pin.
    const events = await storedEvents();
    const client = await control.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
      let previous = events[4]?.hash as string;
      for (const event of events.slice(5)) {
        const rewritten = {
          ...event,
          prevHash: previous,
          reason: event.seq === '6' ? 'nothing happened' : event.reason,
        };
        const hash = hashEvent(rewritten);
        await client.query('UPDATE audit_events SET reason = $1, prev_hash = $2, hash = $3 WHERE seq = $4', [
          rewritten.reason,
          rewritten.prevHash,
          hash,
          event.seq,
        ]);
        previous = hash;
      }
      await client.query('UPDATE audit_head SET hash = $1 WHERE id = 1', [previous]);
      await client.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const after = await exportToFile('after.json');
    expect(await verifyAuditExport({ file: after })).toMatchObject({ intact: true, firstBroken: null });
    const result = await verifyExportCheckpoints({ file: after, dir });
    expect(result).toMatchObject({
      consistent: false,
      matched: 1,
      firstMismatch: { size: EVERY + 2, file: checkpointFileName(EVERY + 2) },
    });
    expect(result.firstMismatch?.problem).toMatch(/do not give the signed root hash/);

    // The checkpointer will not sign over the rewrite either.
    await append(EVERY);
    expect(await makeCheckpoint()).toMatchObject({ outcome: 'diverged', size: 2 * EVERY + 2 });

    const cli = spawnSync(
      process.execPath,
      [
        '--conditions=react-server',
        '--import',
        'tsx',
        'scripts/gate.ts',
        'verify-audit',
        after,
        '--checkpoints',
        dir,
      ],
      { encoding: 'utf8', env: { ...process.env }, timeout: 60_000 },
    );
    expect(cli.stdout).toContain(`CHECKPOINT MISMATCH at checkpoint ${EVERY + 2}`);
    expect(cli.stdout).toContain('intact');
    expect(cli.status).toBe(1);
  });

  /** makeCheckpoint as a process that just started has it: nothing remembered of earlier passes. */
  async function restarted(): Promise<typeof makeCheckpoint> {
    vi.resetModules();
    return (await import('@/lib/server/checkpoints/make-checkpoint')).makeCheckpoint;
  }

  async function newestRootMatchesLog(folder: string): Promise<boolean> {
    const names = (await readdir(folder)).filter((name) => name.endsWith('.checkpoint')).sort();
    const note = await readFile(path.join(folder, names.at(-1) as string), 'utf8');
    const { checkpoint } = parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1));
    const events = await storedEvents();
    return (
      checkpoint?.size === events.length &&
      checkpoint.root.equals(rootOf(events.map((e) => eventLeaf(e.hash))))
    );
  }

  it('a restarted process resumes from the newest frontier file, rebuilds it from the log when it is gone, and refuses to sign over the rewrite either way', async () => {
    const newest = (await checkpointFiles()).at(-1) as string;
    expect(await (await restarted())()).toMatchObject({ outcome: 'diverged' });
    await unlink(path.join(dir, newest.replace(/\.checkpoint$/, '.frontier')));
    const rebuilt = await (await restarted())();
    expect(rebuilt).toMatchObject({ outcome: 'diverged' });
    expect(rebuilt.outcome === 'diverged' && rebuilt.problem).toMatch(
      /no longer matches the signed checkpoint/,
    );

    const other = path.join(work, 'restart');
    const env = { ...process.env, CHECKPOINT_DIR: other };
    expect(await (await restarted())({ env })).toMatchObject({ outcome: 'made' });
    await append(EVERY);
    expect(await (await restarted())({ env })).toMatchObject({ outcome: 'made' });
    expect(await newestRootMatchesLog(other)).toBe(true);
    const frontiers = (await readdir(other)).filter((name) => name.endsWith('.frontier')).sort();
    await unlink(path.join(other, frontiers.at(-1) as string));
    await append(EVERY);
    expect(await (await restarted())({ env })).toMatchObject({ outcome: 'made' });
    expect(await newestRootMatchesLog(other)).toBe(true);
  });

  it('refuses a checkpoint whose signature does not verify, naming it', async () => {
    const tampered = path.join(work, 'tampered');
    const { cp } = await import('node:fs/promises');
    await cp(dir, tampered, { recursive: true });
    const file = path.join(tampered, checkpointFileName(EVERY));
    await writeFile(file, (await readFile(file, 'utf8')).replace(`\n${EVERY}\n`, `\n${EVERY + 1}\n`));
    const result = await verifyExportCheckpoints({ file: path.join(work, 'before.json'), dir: tampered });
    expect(result.firstMismatch).toMatchObject({ size: EVERY, problem: expect.stringMatching(/signature/) });
  });

  it('posts checkpoints to CHECKPOINT_URL, keeps them when the URL fails, and retries', async () => {
    const received: string[] = [];
    let status = 503;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        if (status === 200) received.push(body);
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/witness`;
    try {
      const files = await checkpointFiles();
      await expect(postCheckpoints({ dir, url })).rejects.toThrow(/503/);
      expect(await checkpointFiles()).toEqual(files);
      status = 200;
      expect(await postCheckpoints({ dir, url })).toBe(files.length);
      expect(received).toEqual(
        await Promise.all(files.map((name) => readFile(path.join(dir, name), 'utf8'))),
      );
      expect(await postCheckpoints({ dir, url })).toBe(0);
    } finally {
      server.close();
    }
  });
});
