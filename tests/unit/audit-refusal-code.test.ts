import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, type HashedEvent, hashEvent } from '@/lib/server/audit/hash-event';
import { verifyAuditExport } from '@/lib/server/audit/verify-audit-export';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'refusal-code-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function refusal(seq: number, prevHash: string, fields: Partial<HashedEvent>) {
  const event: HashedEvent = {
    seq: String(seq),
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    kind: 'access.denied',
    actorId: null,
    actorLabel: 'viewer',
    actorRoles: ['viewer'],
    target: 'audit:chain',
    digest: null,
    outcome: 'refused',
    reason: null,
    requestId: `request-${seq}`,
    ip: '127.0.0.1',
    data: { permission: 'audit.export' },
    createdAt: new Date(Date.UTC(2026, 10, 28, 4, 0, seq)).toISOString(),
    prevHash,
    ...fields,
  };
  return { ...event, hash: hashEvent(event) };
}

/** An export with a refusal written before the code had its own field, then one written after. */
function mixedChain() {
  const before = refusal(1, GENESIS_HASH, {
    reason: 'FORBIDDEN: viewer (viewer) does not have audit.export.',
  });
  const after = refusal(2, before.hash, {
    code: 'FORBIDDEN',
    reason: 'viewer (viewer) does not have audit.export.',
  });
  return [before, after];
}

async function verify(events: unknown[], head: { seq: string; hash: string }) {
  const file = path.join(dir, `export-${Math.random().toString(36).slice(2)}.json`);
  const text = { format: 'one-roof-audit-export/1', exportedAt: new Date().toISOString(), head, events };
  await writeFile(file, JSON.stringify(text));
  return verifyAuditExport({ file });
}

describe('the refusal code in the hash chain', () => {
  it('hashes an event without a code exactly as before the field existed', () => {
    const [before] = mixedChain();
    const { hash, ...fields } = before as ReturnType<typeof refusal>;
    expect(hashEvent({ ...fields, code: null })).toBe(hash);
    expect(hashEvent({ ...fields, code: 'FORBIDDEN' })).not.toBe(hash);
  });

  it('verifies an export holding a pre-change event without a code and a refusal with one', async () => {
    const events = mixedChain();
    const last = events[1] as ReturnType<typeof refusal>;
    const head = { seq: last.seq, hash: last.hash };
    expect(await verify(events, head)).toMatchObject({ intact: true, events: 2, firstBroken: null });
  });

  it.each([
    ['edited', { code: 'NOT_FOUND' }],
    ['removed', { code: undefined }],
  ])('breaks the chain at the refusal whose code was %s', async (_, edit) => {
    const events = mixedChain();
    const last = events[1] as ReturnType<typeof refusal>;
    const head = { seq: last.seq, hash: last.hash };
    const tampered = [events[0], { ...last, ...edit }];
    expect((await verify(tampered, head)).firstBroken).toMatchObject({
      seq: '2',
      problem: 'hash does not match its contents',
    });
  });

  it('breaks the chain when a code is added to an event that had none', async () => {
    const events = mixedChain();
    const last = events[1] as ReturnType<typeof refusal>;
    const tampered = [{ ...events[0], code: 'FORBIDDEN' }, last];
    expect((await verify(tampered, { seq: last.seq, hash: last.hash })).firstBroken).toMatchObject({
      seq: '1',
    });
  });
});
