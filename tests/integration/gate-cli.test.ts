import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPerson, ledgerOf, PASSWORD, useTestDatabases } from './harness';

function gate(...args: string[]) {
  return gateWithInput(undefined, ...args);
}

function gateWithInput(input: string | undefined, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'scripts/gate.ts', ...args],
    { encoding: 'utf8', env: { ...process.env }, timeout: 60_000, input },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each CLI run starts a Node process; on a loaded two-core machine that takes many seconds.
describe('the gate CLI', { timeout: 300_000 }, () => {
  const db = useTestDatabases('cli');
  beforeAll(async () => {
    await createPerson('operator', 'operator');
  });

  it('prints the digest the app computes', () => {
    const result = gate('digest');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(db.bundle.digest);
  });

  it('exits 2 with the usage for malformed commands, touching nothing', async () => {
    for (const args of [
      [],
      ['launch'],
      ['apply', '--env', 'clone'],
      ['apply', '--env', 'clone', '--tiers', 'x'],
      ['apply', '--env', 'clone', '--tiers', '1'],
      ['status', '--bogus'],
    ]) {
      const result = gate(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^usage error: /);
    }
    expect(await ledgerOf(db.clone)).toEqual([]);
  });

  it('exits 1 with a one-line reason for refusals', () => {
    const asOperator = ['--as', 'operator@test.local', '--password-stdin'];
    const unknown = gateWithInput(
      `${PASSWORD}\n`,
      'apply',
      '--env',
      'staging',
      '--tiers',
      '1',
      ...asOperator,
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      'refused: UNKNOWN_ENVIRONMENT: There is no environment named "staging"; the configured ones are clone, production.',
    );
    const gated = gateWithInput(
      `${PASSWORD}\n`,
      'apply',
      '--env',
      'production',
      '--tiers',
      '3',
      ...asOperator,
    );
    expect(gated.status).toBe(1);
    expect(gated.stderr).toMatch(
      /^refused: GATE_CLOSED: Tier 3 \(ownership seed \(accountable\)\) is a sovereign claim/m,
    );
  });

  it('reports status as text and as the /api/status document', () => {
    const text = gate('status');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/gate\s+CLOSED: APR-BOOT-AUTHMODEL-1 0 of 1/);
    const json = JSON.parse(gate('status', '--json').stdout);
    expect(json.environments.map((e: { gap: number }) => e.gap)).toEqual([210, 210]);
  });

  it('manages users: add with a password on stdin, grant, list, revoke, disable', () => {
    const added = gateWithInput(
      'a long enough password\n',
      'users',
      'add',
      '--email',
      'Kim@Test.local',
      '--name',
      'Kim',
      '--password-stdin',
    );
    expect(added.status, added.stderr).toBe(0);
    expect(gate('users', 'grant', '--email', 'kim@test.local', '--role', 'approver').stderr).toMatch(
      /^refused: INVALID_INPUT: level an approver needs a level/m,
    );
    expect(
      gate('users', 'grant', '--email', 'kim@test.local', '--role', 'approver', '--level', 'L2').status,
    ).toBe(0);
    const listed = JSON.parse(gate('users', 'list', '--json').stdout) as { email: string; roles: string[] }[];
    expect(listed.find((u) => u.email === 'kim@test.local')?.roles).toEqual(['approver:L2']);
    expect(gate('users', 'revoke', '--email', 'kim@test.local', '--role', 'approver').status).toBe(0);
    expect(gate('users', 'disable', '--email', 'kim@test.local').stdout).toContain('disabled kim@test.local');
    const short = gateWithInput(
      'short\n',
      'users',
      'add',
      '--email',
      'lou@test.local',
      '--name',
      'Lou',
      '--password-stdin',
    );
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('password must be at least 12 characters');
  });
});
