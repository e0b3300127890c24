import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, type HashedEvent, hashEvent } from '@/lib/server/audit/hash-event';
import { verifyAuditExport } from '@/lib/server/audit/verify-audit-export';
import { assertRatification, makeCredential, preimageFor } from './passkey-evidence-fixture';

const PROPOSAL = 'APR-BOOT-AUTHMODEL-1';
const digest = createHash('sha256').update('bundle v1').digest('hex');
const otherDigest = createHash('sha256').update('bundle v2').digest('hex');
const credential = makeCredential();
const alice = { id: '11111111-1111-4111-8111-111111111111', email: 'alice@example.test' };
const bob = { id: '22222222-2222-4222-8222-222222222222', email: 'bob@example.test' };

type Draft = Omit<HashedEvent, 'seq' | 'prevHash' | 'id' | 'createdAt'>;

function ratifyEvent(who: typeof alice, data: Record<string, unknown>, outcome = 'success'): Draft {
  return {
    kind: 'proposal.ratify',
    actorId: who.id,
    actorLabel: who.email,
    actorRoles: ['approver:L4'],
    target: `proposal:${PROPOSAL}`,
    digest,
    outcome,
    reason: null,
    requestId: null,
    ip: null,
    data: { ratificationId: `r-${who.email}`, approvalRowId: null, level: 'L4', replay: false, ...data },
  };
}

/** Hashes and links the drafts in order, as the server's chain does, and writes the export around them. */
function exportOf(drafts: Draft[]): string {
  let prevHash = GENESIS_HASH;
  const events = drafts.map((draft, index) => {
    const event = {
      ...draft,
      seq: String(index + 1),
      id: `event-${index + 1}`,
      createdAt: new Date(Date.UTC(2026, 10, 28, 0, index)).toISOString(),
      prevHash,
    };
    prevHash = hashEvent(event);
    return { ...event, hash: prevHash };
  });
  const head = { seq: String(events.length), hash: prevHash };
  return JSON.stringify({
    format: 'one-roof-audit-export/1',
    exportedAt: '2026-11-28T01:00:00.000Z',
    head,
    events,
  });
}

const genuine = () =>
  assertRatification({
    credential,
    preimage: preimageFor({ proposal: PROPOSAL, digest, approverId: alice.id }),
  });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'verify-audit-passkey-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function verify(name: string, drafts: Draft[]) {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, exportOf(drafts));
  return { file, result: await verifyAuditExport({ file }) };
}

function gate(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=react-server', 'scripts/run-compiled.mjs', 'scripts/gate.ts', ...args],
    {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('verify-audit checks each ratification offline', () => {
  it('says whose passkey signed which digest, and reports a password ratification without failing it', async () => {
    const evidence = genuine();
    const { file, result } = await verify('genuine', [
      ratifyEvent(alice, { stepUp: 'passkey', passkey: evidence }),
      ratifyEvent(bob, { stepUp: 'password' }),
      ratifyEvent(bob, { ratificationId: null }, 'refused'),
    ]);
    expect(result.intact).toBe(true);
    expect(result.ratifications).toEqual([
      expect.objectContaining({
        approver: alice.email,
        credentialId: credential.id,
        digest,
        outcome: 'passkey-verified',
      }),
      expect.objectContaining({ approver: bob.email, stepUp: 'password', outcome: 'no-passkey' }),
    ]);
    const cli = gate('verify-audit', file);
    expect(cli.status, cli.out).toBe(0);
    expect(cli.out).toContain(
      `by ${alice.email}: passkey credential ${credential.id} signed digest ${digest} — signature verified`,
    );
    expect(cli.out).toContain(`by ${bob.email}: password step-up`);
  }, 180_000);

  it('catches a digest rewritten by whoever owns the tables, even with every hash recomputed', async () => {
    const rewritten = {
      ...ratifyEvent(alice, { stepUp: 'passkey', passkey: genuine() }),
      digest: otherDigest,
    };
    const { file, result } = await verify('rewritten', [rewritten]);
    expect(result.intact).toBe(true);
    expect(result.ratifications[0]).toMatchObject({ outcome: 'failed', failed: 'digest' });
    const cli = gate('verify-audit', file);
    expect(cli.status, cli.out).toBe(1);
    expect(cli.out).toContain(`FAILED ratification r-${alice.email}`);
  }, 180_000);

  it('refuses a signature replayed for another digest, its preimage edited to match', async () => {
    const forOther = assertRatification({
      credential,
      preimage: preimageFor({ proposal: PROPOSAL, digest: otherDigest, approverId: alice.id }),
    });
    const replayed = { ...forOther, challenge: { ...forOther.challenge, digest } };
    const { result } = await verify('replayed', [
      ratifyEvent(alice, { stepUp: 'passkey', passkey: replayed }),
    ]);
    expect(result.ratifications[0]).toMatchObject({ outcome: 'failed', failed: 'challenge' });
  });

  it('fails a ratification that claims a passkey but carries no evidence', async () => {
    const { result } = await verify('stripped', [ratifyEvent(alice, { stepUp: 'passkey' })]);
    expect(result.ratifications[0]).toMatchObject({ outcome: 'failed', failed: 'evidence' });
  });
});
