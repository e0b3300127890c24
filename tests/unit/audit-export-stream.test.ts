import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent } from '@/lib/server/audit/hash-event';
import { verifyAuditExport } from '@/lib/server/audit/verify-audit-export';

const run = promisify(execFile);
const EVENTS = 200_000;
// The file is several times this heap limit, so a verifier that holds the file or its parse cannot finish.
const HEAP_LIMIT_MIB = 48;

let dir: string;

function makeEvent(seq: number, prevHash: string) {
  const event = {
    seq: String(seq),
    id: `event-${seq}`,
    kind: 'user.disabled',
    actorId: null,
    actorLabel: 'bench',
    actorRoles: ['L4'],
    target: `user:person${seq}@example.test`,
    digest: null,
    outcome: 'success',
    reason: 'a reason long enough to make each event take some room in the file',
    requestId: `request-${seq}`,
    ip: '127.0.0.1',
    data: { email: `person${seq}@example.test`, note: 'x'.repeat(200) },
    createdAt: new Date(Date.UTC(2026, 0, 1) + seq).toISOString(),
    prevHash,
  };
  return { ...event, hash: hashEvent(event) };
}

async function writeExport(file: string, count: number, tamperAt?: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  let prev = GENESIS_HASH;
  const events: string[] = [];
  let head = { seq: '0', hash: GENESIS_HASH };
  for (let seq = 1; seq <= count; seq += 1) {
    const event = makeEvent(seq, prev);
    prev = event.hash;
    head = { seq: event.seq, hash: event.hash };
    events.push(JSON.stringify(seq === tamperAt ? { ...event, actorLabel: 'someone else' } : event));
    if (events.length === 1000 || seq === count) {
      await write(`${seq <= 1000 ? '' : ',\n'}${events.join(',\n')}`);
      events.length = 0;
    }
  }
  out.end();
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
  const body = `{"format":"one-roof-audit-export/1","exportedAt":"2026-01-01T00:00:00.000Z","head":${JSON.stringify(head)},"events":[`;
  // The head is known only once every event is hashed; the export writes it first, so it is put in front here.
  await writeFile(file, `${body}${await readFile(file, 'utf8')}]}`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'audit-stream-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('offline audit verification streams the export', () => {
  it('verifies a large export in a process whose heap is far smaller than the file', async () => {
    const file = path.join(dir, 'large.json');
    await writeExport(file, EVENTS);
    const script = `import { verifyAuditExport } from '@/lib/server/audit/verify-audit-export';
      verifyAuditExport({ file: process.argv[1] }).then((r) => console.log(JSON.stringify(r)));`;
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        `--max-old-space-size=${HEAP_LIMIT_MIB}`,
        '--input-type=module',
        '-e',
        script,
        file,
      ],
      { cwd: process.cwd(), maxBuffer: 1 << 20, timeout: 120_000 },
    );
    expect(JSON.parse(stdout)).toMatchObject({ intact: true, events: EVENTS, firstBroken: null });
  }, 180_000);

  it('names the exact tampered seq while streaming', async () => {
    const file = path.join(dir, 'tampered.json');
    await writeExport(file, 3000, 2345);
    const result = await verifyAuditExport({ file });
    expect(result).toMatchObject({ intact: false, events: 3000 });
    expect(result.firstBroken).toEqual({
      seq: '2345',
      id: 'event-2345',
      problem: 'hash does not match its contents',
    });
  });
});
