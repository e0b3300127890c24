import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import {
  count,
  createPerson,
  ctx,
  ledgerOf,
  makeProposer,
  type Person,
  ratifyAs,
  rehearseClone,
  useTestDatabases,
} from './harness';

const run = promisify(execFile);

describe('one changed byte makes the old ratification stale, in the app and in the database', () => {
  const db = useTestDatabases('stale');
  let dir: string;
  let original: Bundle;
  let tampered: Bundle;
  let operator: Person;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'one-roof-bundle-'));
    await cp('releases/one-roof-authmodel', dir, { recursive: true });
    original = await loadBundle({ dir });
    operator = await createPerson('operator', 'operator');
    await makeProposer(await createPerson('proposer', 'approver', 'L4'));
    await rehearseClone({ bundle: original, operator });
    await ratifyAs(await createPerson('approver', 'approver', 'L4'), { bundle: original });
    const file = path.join(dir, '04_stewardship_seed.sql');
    const text = await readFile(file, 'utf8');
    const changed = text.replace('stewardship seed', 'stewardshiq seed');
    expect(Buffer.compare(Buffer.from(changed), Buffer.from(text))).not.toBe(0);
    await writeFile(file, changed);
    tampered = await loadBundle({ dir });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('changes the digest', () => {
    expect(original.digest).toBe(db.bundle.digest);
    expect(tampered.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(tampered.digest).not.toBe(original.digest);
  });

  it('the app reports the ratification as stale and the gate closed', async () => {
    const before = await evaluateGate({ bundle: original });
    expect(before.gateOpen).toBe(true);
    const after = await evaluateGate({ bundle: tampered });
    expect(after).toMatchObject({ gateOpen: false, ratifications: 0, staleRatifications: 1 });
    expect(after.blocker).toContain('earlier version of the bundle');
  });

  it('the app refuses production tiers under the stale ratification and changes nothing', async () => {
    await expect(
      applyTiers({
        environment: 'production',
        tiers: [3],
        actor: operator,
        context: ctx(),
        bundle: tampered,
      }),
    ).rejects.toMatchObject({ code: 'STALE_DIGEST' });
    await expect(
      applyTiers({
        environment: 'production',
        tiers: [1],
        actor: operator,
        context: ctx(),
        bundle: tampered,
      }),
    ).rejects.toMatchObject({ code: 'STRUCTURE_NOT_AUTHORIZED' });
    expect(await ledgerOf(db.production)).toEqual([]);
  });

  it('the database refuses tier 3 at the new digest although it accepts the old one', async () => {
    const runTier3 = async (digest: string) => {
      const client = await db.production.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `SELECT set_config('one_roof.ratified_apr', 'APR-BOOT-AUTHMODEL-1', true),
                  set_config('one_roof.bundle_digest', $1, true), set_config('one_roof.run_id', 'manual', true)`,
          [digest],
        );
        for (const tier of original.tiers.slice(0, 3)) {
          for (const statement of tier.statements) await client.query(statement);
        }
        return 'applied';
      } catch (error) {
        return (error as { code: string }).code;
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    };
    expect(await runTier3(tampered.digest)).toBe('ORG01');
    expect(await runTier3(original.digest)).toBe('applied');
    expect(await count(db.production, "SELECT 1 FROM pg_namespace WHERE nspname = 'one_roof'")).toBe(0);
  });

  it('psql with the new digest raises too', async () => {
    const { stdout } = await run('psql', ['-X', '-d', db.urls.production, '-Atc', 'SELECT 1']);
    expect(stdout.trim()).toBe('1');
    const result = await run(
      'psql',
      [
        '-X',
        '-v',
        'ON_ERROR_STOP=1',
        '-v',
        'ratified_apr=APR-BOOT-AUTHMODEL-1',
        '-v',
        `bundle_digest=${tampered.digest}`,
        '-d',
        db.urls.production,
        '-f',
        '99_run_all.sql',
      ],
      { cwd: dir },
    ).catch((error: { code: number; stderr: string }) => error);
    expect((result as { code: number }).code).not.toBe(0);
    expect((result as { stderr: string }).stderr).toContain('GATE_CLOSED');
    expect(await count(db.production, 'SELECT 1 FROM one_roof.assignments')).toBe(0);
  });
});
