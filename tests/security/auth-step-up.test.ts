import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAdministrator } from '@/lib/server/auth/actor';
import { loadActor } from '@/lib/server/auth/load-actor';
import { recordSsoStepUp } from '@/lib/server/auth/record-sso-step-up';
import { startSsoStepUp } from '@/lib/server/auth/start-sso-step-up';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { createUser } from '@/lib/server/users/create-user';
import { grantRole } from '@/lib/server/users/grant-role';
import { linkSsoSubject } from '@/lib/server/users/link-sso-subject';
import {
  createPerson,
  ctx,
  makeProposer,
  type Person,
  ratifyAs,
  rehearseClone,
  useTestDatabases,
} from '../integration/harness';

const admin = cliAdministrator('test');
const APP = 'http://gate.test';
const REDIRECT = `${APP}/api/step-up/oidc/callback`;

async function ssoApprover(name: string): Promise<Person> {
  const email = `${name}@corp.example`;
  const user = await createUser({ actor: admin, context: ctx(), email, name });
  await grantRole({ actor: admin, context: ctx(), email, role: 'approver', level: 'L4' });
  await linkSsoSubject({ actor: admin, context: ctx(), email, subject: `${name}-sub` });
  const actor = await loadActor({ userId: user.id });
  if (!actor) throw new Error('no actor');
  return { ...actor, id: user.id, email };
}

describe('auth: single sign-on step-up grants', () => {
  let stopIssuer: () => Promise<void>;
  let pat: Person;
  let kim: Person;
  const db = useTestDatabases('stepup', {
    before: async () => {
      process.env.E2E_OIDC_PORT = String(20_000 + Math.floor(Math.random() * 20_000));
      const { startOidcIssuer, OIDC_CLIENT, OIDC_PORT } = await import('../../e2e/oidc-issuer');
      stopIssuer = await startOidcIssuer(APP);
      process.env.OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
      process.env.OIDC_CLIENT_ID = OIDC_CLIENT.id;
      process.env.OIDC_CLIENT_SECRET = OIDC_CLIENT.secret;
      process.env.OIDC_ROLE_MAP = JSON.stringify({ 'gate-approvers': 'approver:L4' });
    },
  });

  beforeAll(async () => {
    pat = await ssoApprover('pat');
    kim = await ssoApprover('kim');
    await makeProposer(await createPerson('proposer', 'owner'));
    await rehearseClone();
  });
  afterAll(async () => {
    await stopIssuer?.();
    for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP'])
      delete process.env[name];
  });

  /** Starts as the dialog does, then answers as a verified ID token for `who` would. */
  async function started(who: Person) {
    const { url, state } = await startSsoStepUp({
      actor: who,
      returnTo: '/proposals/APR',
      redirectUri: REDIRECT,
    });
    const row = await getControlPlane().stepUpGrant.findUniqueOrThrow({ where: { state } });
    const claims = {
      sub: `${who.email.split('@')[0]}-sub`,
      email: who.email,
      nonce: row.nonce,
      auth_time: Math.ceil(row.startedAt.getTime() / 1000),
    };
    return { url: new URL(url), state, row, claims };
  }

  it('sends the person to the issuer with prompt=login, max_age=0, state, nonce and PKCE', async () => {
    const { url, state, row } = await started(pat);
    expect(url.origin).toBe(process.env.OIDC_ISSUER);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      prompt: 'login',
      max_age: '0',
      state,
      nonce: row.nonce,
      code_challenge_method: 'S256',
      redirect_uri: REDIRECT,
    });
    expect(url.searchParams.get('code_challenge')).not.toBe(row.codeVerifier);
  });

  it('returns only to a path on this site', async () => {
    const hostile = [
      '//evil.example',
      '/\\evil.example',
      '\\evil.example',
      'https://evil.example/',
      '/\t/evil.example',
      '/\n/evil.example',
      'javascript:alert(1)',
      ' /proposals',
      '',
    ];
    for (const returnTo of hostile) {
      await expect(startSsoStepUp({ actor: pat, returnTo, redirectUri: REDIRECT })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
    }
  });

  it('grants a fresh re-authentication once: ratify consumes it, a second use is refused', async () => {
    const { state, claims } = await started(pat);
    const { grantId } = await recordSsoStepUp({ actor: pat, context: ctx(), state, claims });
    await expect(recordSsoStepUp({ actor: pat, context: ctx(), state, claims })).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
    await expect(ratifyAs(pat, { password: '', stepUpGrant: grantId })).resolves.toMatchObject({
      replay: false,
    });
    await expect(ratifyAs(pat, { password: '', stepUpGrant: grantId })).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
  });

  it('refuses an authentication older than the dialog (auth_time before the start)', async () => {
    const { state, claims } = await started(kim);
    await expect(
      recordSsoStepUp({
        actor: kim,
        context: ctx(),
        state,
        claims: { ...claims, auth_time: claims.auth_time - 60 },
      }),
    ).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    const { state: again, claims: noTime } = await started(kim);
    await expect(
      recordSsoStepUp({
        actor: kim,
        context: ctx(),
        state: again,
        claims: { ...noTime, auth_time: undefined },
      }),
    ).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
  });

  it('refuses another person: their subject, their start, or their grant', async () => {
    const { state, claims } = await started(kim);
    await expect(
      recordSsoStepUp({
        actor: kim,
        context: ctx(),
        state,
        claims: { ...claims, sub: 'pat-sub', email: pat.email },
      }),
    ).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    const other = await started(kim);
    await expect(
      recordSsoStepUp({ actor: pat, context: ctx(), state: other.state, claims: other.claims }),
    ).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
    const { grantId } = await recordSsoStepUp({
      actor: kim,
      context: ctx(),
      state: other.state,
      claims: other.claims,
    });
    const local = await createPerson('local-l4', 'approver', 'L4');
    await expect(ratifyAs(local, { password: '', stepUpGrant: grantId })).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
  });

  it('refuses a wrong nonce, an expired start and an expired grant', async () => {
    const a = await started(kim);
    await expect(
      recordSsoStepUp({
        actor: kim,
        context: ctx(),
        state: a.state,
        claims: { ...a.claims, nonce: 'replayed' },
      }),
    ).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    const b = await started(kim);
    await db.control.query(
      `UPDATE step_up_grants SET expires_at = now() - interval '1 second' WHERE state = $1`,
      [b.state],
    );
    await expect(
      recordSsoStepUp({ actor: kim, context: ctx(), state: b.state, claims: b.claims }),
    ).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
    const c = await started(kim);
    const { grantId } = await recordSsoStepUp({
      actor: kim,
      context: ctx(),
      state: c.state,
      claims: c.claims,
    });
    await db.control.query(
      `UPDATE step_up_grants SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [grantId],
    );
    await expect(ratifyAs(kim, { password: '', stepUpGrant: grantId })).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
  });
});
