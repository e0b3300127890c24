import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliAdministrator, newRequestContext } from '@/lib/server/auth/actor';
import { createPersonalToken } from '@/lib/server/auth/create-personal-token';
import { revokePersonalToken } from '@/lib/server/auth/revoke-personal-token';
import { createUser } from '@/lib/server/users/create-user';
import { grantRole } from '@/lib/server/users/grant-role';
import { ctx, ledgerOf, PASSWORD, useTestDatabases } from '../integration/harness';

function gate(options: { input?: string; token?: string }, ...args: string[]) {
  const env = { ...process.env };
  delete env.GATE_TOKEN;
  if (options.token) env.GATE_TOKEN = options.token;
  const result = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'scripts/gate.ts', ...args],
    { encoding: 'utf8', env, timeout: 60_000, input: options.input ?? '' },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const applyTier1 = (as: string) => ['apply', '--env', 'clone', '--tiers', '1', '--as', as];

// Each CLI run starts a Node process; on a loaded two-core machine that takes many seconds.
describe('the CLI proves who it acts as', { timeout: 300_000 }, () => {
  const db = useTestDatabases('cli_auth', { people: { operator: 'operator', other: 'operator' } });
  const { operator, other } = db.people;
  beforeAll(async () => {
    // Made the way `users add` without --password-stdin makes a user: no password at all.
    const admin = cliAdministrator('test');
    await createUser({ actor: admin, context: ctx(), email: 'nopass@test.local', name: 'No Pass' });
    await grantRole({ actor: admin, context: ctx(), email: 'nopass@test.local', role: 'operator' });
  });

  async function failedSignIns(email: string): Promise<number> {
    const rows = await db.control.query(
      `SELECT 1 FROM audit_events WHERE kind = 'auth.sign_in_failed' AND target = $1`,
      [`user:${email}`],
    );
    return rows.rowCount ?? 0;
  }

  it('refuses every state-changing command that names a person but proves nothing', async () => {
    for (const args of [
      applyTier1(operator.email),
      ['reset-clone', '--as', operator.email],
      ['rollback-structure', '--env', 'clone', '--as', operator.email],
    ]) {
      const result = gate({}, ...args);
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr.trim(), args.join(' ')).toMatch(/^refused: UNAUTHENTICATED: /);
    }
    expect(await ledgerOf(db.clone)).toEqual([]);
  });

  it('refuses a wrong password, and counts it as a failed sign-in', async () => {
    const before = await failedSignIns(operator.email);
    const result = gate({ input: 'not the password\n' }, ...applyTier1(operator.email), '--password-stdin');
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^refused: UNAUTHENTICATED: /);
    expect(await failedSignIns(operator.email)).toBe(before + 1);
    expect(await ledgerOf(db.clone)).toEqual([]);
  });

  it('never lets a person without a password in, whatever the password', async () => {
    // The first is the string verifyPassword hashes as its stand-in for a missing hash.
    for (const guess of ['no account has this password', PASSWORD]) {
      const result = gate({ input: `${guess}\n` }, ...applyTier1('nopass@test.local'), '--password-stdin');
      expect(result.status, JSON.stringify(guess)).toBe(1);
      expect(result.stderr.trim()).toMatch(/^refused: UNAUTHENTICATED: /);
    }
    expect(await ledgerOf(db.clone)).toEqual([]);
  });

  it("refuses someone else's token, a revoked token and an expired one", async () => {
    const others = await createPersonalToken({ actor: other, context: ctx(), name: 'laptop' });
    const wrongPerson = gate({ token: others.token }, ...applyTier1(operator.email));
    expect(wrongPerson.status).toBe(1);
    expect(wrongPerson.stderr.trim()).toMatch(/^refused: UNAUTHENTICATED: /);

    const revoked = await createPersonalToken({ actor: operator, context: ctx(), name: 'old' });
    await revokePersonalToken({ actor: operator, context: ctx(), tokenId: revoked.id });
    expect(gate({ token: revoked.token }, ...applyTier1(operator.email)).status).toBe(1);
    const events = await db.control.query<{ kind: string; actor_id: string }>(
      `SELECT kind, actor_id FROM audit_events WHERE kind LIKE 'token.%' AND outcome = 'success' ORDER BY seq`,
    );
    expect(events.rows).toEqual([
      { kind: 'token.created', actor_id: other.id },
      { kind: 'token.created', actor_id: operator.id },
      { kind: 'token.revoked', actor_id: operator.id },
    ]);
    await expect(
      revokePersonalToken({ actor: operator, context: ctx(), tokenId: others.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const expired = await createPersonalToken({ actor: operator, context: ctx(), name: 'brief', days: 1 });
    await db.control.query(
      `UPDATE personal_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [expired.id],
    );
    expect(gate({ token: expired.token }, ...applyTier1(operator.email)).status).toBe(1);
    expect(gate({ token: `${others.token.slice(0, -1)}x` }, ...applyTier1(other.email)).status).toBe(1);
    expect(await ledgerOf(db.clone)).toEqual([]);
  });

  it('acts for a person who proves it with their password on stdin or their own token', async () => {
    const byPassword = gate({ input: `${PASSWORD}\n` }, ...applyTier1(operator.email), '--password-stdin');
    expect(byPassword.status, byPassword.stderr).toBe(0);
    expect((await ledgerOf(db.clone)).map((entry) => entry.tier)).toEqual([1]);

    const mine = await createPersonalToken({ actor: operator, context: newRequestContext(), name: 'ci' });
    const stored = await db.control.query<{ token_hash: string }>(
      'SELECT token_hash FROM personal_tokens WHERE id = $1',
      [mine.id],
    );
    expect(stored.rows[0]?.token_hash).not.toContain(mine.token);
    const byToken = gate(
      { token: mine.token },
      'apply',
      '--env',
      'clone',
      '--tiers',
      '2',
      '--as',
      operator.email,
    );
    expect(byToken.status, byToken.stderr).toBe(0);
    expect((await ledgerOf(db.clone)).map((entry) => entry.tier)).toEqual([1, 2]);
    const applied = await db.control.query<{ actor_id: string }>(
      `SELECT actor_id FROM audit_events WHERE kind = 'tier.applied' ORDER BY seq`,
    );
    expect(applied.rows.map((row) => row.actor_id)).toEqual([operator.id, operator.id]);
  });
});
