import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAdministrator } from '@/lib/server/auth/actor';
import { completeSsoStepUp } from '@/lib/server/auth/complete-sso-step-up';
import { loadActor } from '@/lib/server/auth/load-actor';
import { startSsoStepUp } from '@/lib/server/auth/start-sso-step-up';
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

/** A browser at the test issuer: follows redirects, keeps cookies, signs in as `login` and consents. */
async function signInAtIssuer(authorizationUrl: string, login: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let next = new URL(authorizationUrl);
  let body: URLSearchParams | null = null;
  for (let hop = 0; hop < 20; hop += 1) {
    if (next.origin === APP) return next;
    const response: Response = await fetch(next, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) cookies.set(name.trim(), value.join('='));
    }
    body = null;
    const location = response.headers.get('location');
    if (location) {
      next = new URL(location, next);
      continue;
    }
    const html: string = await response.text();
    const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
    if (!action)
      throw new Error(`the issuer answered ${response.status} without a form: ${html.slice(0, 300)}`);
    const prompt: string = html.includes('name="login"') ? 'login' : 'consent';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    next = new URL(action, next);
  }
  throw new Error('the issuer never sent the browser back');
}

describe('auth: the single sign-on step-up against a real issuer', () => {
  let stopIssuer: () => Promise<void>;
  let approver: Person;
  useTestDatabases('stepupidp', {
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
    const email = 'sso-approver@sso.test';
    const user = await createUser({ actor: admin, context: ctx(), email, name: 'SSO approver' });
    await grantRole({ actor: admin, context: ctx(), email, role: 'approver', level: 'L4' });
    await linkSsoSubject({ actor: admin, context: ctx(), email, subject: 'sso-approver' });
    const actor = await loadActor({ userId: user.id });
    if (!actor) throw new Error('no actor');
    approver = { ...actor, id: user.id, email };
    await makeProposer(await createPerson('proposer', 'owner'));
    await rehearseClone();
  });
  afterAll(async () => {
    await stopIssuer?.();
    for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP'])
      delete process.env[name];
  });

  it('signs in again at the issuer, verifies the ID token and ratifies with the grant', async () => {
    const { url, state } = await startSsoStepUp({
      actor: approver,
      returnTo: '/proposals/x',
      redirectUri: REDIRECT,
    });
    const back = await signInAtIssuer(url, 'sso-approver');
    const query = Object.fromEntries(back.searchParams);
    const complete = (cookieState: string | null) =>
      completeSsoStepUp({ actor: approver, context: ctx(), query, cookieState, redirectUri: REDIRECT });
    // The answer is bound to the browser that started: without its cookie it is refused.
    await expect(complete(null)).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    const { grantId, returnTo } = await complete(state);
    expect(returnTo).toBe('/proposals/x');
    // The code is spent and the start is used: replaying the issuer's answer is refused.
    await expect(complete(state)).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    await expect(ratifyAs(approver, { password: '', stepUpGrant: grantId })).resolves.toMatchObject({
      replay: false,
    });
  });

  it('refuses someone else signing in at the issuer', async () => {
    const { url, state } = await startSsoStepUp({ actor: approver, returnTo: '/', redirectUri: REDIRECT });
    const back = await signInAtIssuer(url, 'sso-stranger');
    await expect(
      completeSsoStepUp({
        actor: approver,
        context: ctx(),
        query: Object.fromEntries(back.searchParams),
        cookieState: state,
        redirectUri: REDIRECT,
      }),
    ).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
  });
});
