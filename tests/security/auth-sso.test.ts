import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cliAdministrator } from '@/lib/server/auth/actor';
import { loadActor } from '@/lib/server/auth/load-actor';
import { signInWithOidc } from '@/lib/server/auth/sign-in-with-oidc';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { grantRole } from '@/lib/server/users/grant-role';
import { linkSsoSubject } from '@/lib/server/users/link-sso-subject';
import { createPerson, ctx, useTestDatabases } from '../integration/harness';

const admin = cliAdministrator('test');
const profile = (over: Record<string, unknown>) => ({
  sub: 'subject-1',
  email: 'pat@corp.example',
  email_verified: true,
  name: 'Pat',
  groups: ['gate-l2'],
  ...over,
});
const ssoSignIn = (over: Record<string, unknown>) =>
  signInWithOidc({ profile: profile(over), context: ctx() });

describe('auth: single sign-on', () => {
  useTestDatabases('sso', {
    before: () => {
      process.env.OIDC_ISSUER = 'https://issuer.example';
      process.env.OIDC_CLIENT_ID = 'gate';
      process.env.OIDC_CLIENT_SECRET = 'secret';
      process.env.OIDC_ROLE_MAP = JSON.stringify({
        'gate-l2': 'approver:L2',
        'gate-l4': 'approver:L4',
        ops: 'operator',
      });
    },
  });
  afterAll(async () => {
    for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP'])
      delete process.env[name];
  });

  it('refuses an email whose verification is missing, false or not literally true', async () => {
    for (const emailVerified of [undefined, false, 'true', 1, null]) {
      await expect(
        ssoSignIn({
          sub: `unverified-${String(emailVerified)}`,
          email: 'u@corp.example',
          email_verified: emailVerified,
        }),
      ).resolves.toBeNull();
    }
    expect(await getControlPlane().user.count({ where: { email: 'u@corp.example' } })).toBe(0);
  });

  it('never takes over a password account with the same email unless an administrator linked them', async () => {
    const local = await createPerson('local', 'viewer');
    await expect(ssoSignIn({ sub: 'attacker-sub', email: local.email })).resolves.toBeNull();
    expect(
      await getControlPlane().roleGrant.count({ where: { userId: local.id, grantedBy: 'oidc-group-map' } }),
    ).toBe(0);

    await linkSsoSubject({ actor: admin, context: ctx(), email: local.email, subject: 'local-sub' });
    expect(
      await getControlPlane().auditEvent.count({
        where: { kind: 'user.sso_linked', target: `user:${local.email}` },
      }),
    ).toBe(1);
    // The link is to one subject: another subject with the same email is still refused.
    await expect(ssoSignIn({ sub: 'attacker-sub', email: local.email })).resolves.toBeNull();
    await expect(ssoSignIn({ sub: 'local-sub', email: local.email })).resolves.toEqual({ id: local.id });
  });

  it('links from the CLI: `users link-sso --email --subject`, audited', async () => {
    const person = await createPerson('clilink', 'viewer');
    const result = spawnSync(
      process.execPath,
      [
        '--conditions=react-server',
        '--import',
        'tsx',
        'scripts/gate.ts',
        'users',
        'link-sso',
        '--email',
        person.email,
        '--subject',
        'cli-sub',
      ],
      { encoding: 'utf8', env: { ...process.env }, timeout: 110_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(await getControlPlane().user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({
      oidcSubject: 'cli-sub',
    });
    const event = await getControlPlane().auditEvent.findFirstOrThrow({
      where: { kind: 'user.sso_linked', target: `user:${person.email}` },
    });
    expect(event.actorLabel).toMatch(/^cli:/);
  });

  it('lets only the administrator link, and refuses linking a subject held by someone else', async () => {
    const viewer = await createPerson('linker', 'viewer');
    await expect(
      linkSsoSubject({ actor: viewer, context: ctx(), email: viewer.email, subject: 'x' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      linkSsoSubject({ actor: admin, context: ctx(), email: viewer.email, subject: 'local-sub' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('reconciles roles from groups at every sign-in, leaving roles granted by hand', async () => {
    const first = await ssoSignIn({ sub: 'pat-sub', groups: ['gate-l2', 'ops'] });
    const id = first?.id as string;
    await grantRole({ actor: admin, context: ctx(), email: 'pat@corp.example', role: 'auditor' });
    const rolesOf = async () =>
      ((await loadActor({ userId: id }))?.roles ?? [])
        .map((r) => `${r.role}${r.level ? `:${r.level}` : ''}`)
        .sort();
    expect(await rolesOf()).toEqual(['approver:L2', 'auditor', 'operator']);
    await ssoSignIn({ sub: 'pat-sub', groups: ['gate-l4'] });
    expect(await rolesOf()).toEqual(['approver:L4', 'auditor']);
    // Leaving every mapped group refuses the sign-in; the roles it had stay until the next sign-in that maps.
    await expect(ssoSignIn({ sub: 'pat-sub', groups: ['unrelated'] })).resolves.toBeNull();
  });
});
