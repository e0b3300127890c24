import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, signIn, startApp } from '../security/web-app-server';
import { RawConnection, type RawResponse } from './edge-raw-connection';

/**
 * Issue #8, 1: malformed requests that next-auth and Next.js themselves used
 * to answer with 5xx (or with a dead keep-alive socket), sent byte for byte to
 * the app as `npm start` runs it. Each is answered 4xx, and the same socket
 * then answers the next request.
 */
let app: RunningApp;
let cookie: string;
let actionId: string;
let csrf: { token: string; cookie: string };

type Body = Buffer | string;
type Hostile = { method: string; path: string; headers?: Record<string, string>; body?: Body };

// React's own client encoder: what a browser sends when a form calls a server action.
const { encodeReply } = (await import(
  path.join(process.cwd(), 'node_modules/next/dist/compiled/react-server-dom-webpack/client.node.js')
)) as { encodeReply: (value: unknown) => Promise<string | FormData> };

function head({ method, path: target, headers = {}, body = '' }: Hostile): string {
  const host = new URL(app.origin).host;
  const all: Record<string, string> = { Host: host, Connection: 'keep-alive', ...headers };
  if (body.length > 0 || method === 'POST') all['Content-Length'] = String(Buffer.byteLength(body));
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(all)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}

async function multipart(form: FormData): Promise<{ type: string; body: Buffer }> {
  const encoded = new Response(form);
  return {
    type: encoded.headers.get('content-type') as string,
    body: Buffer.from(await encoded.arrayBuffer()),
  };
}

function rawMultipart(boundary: string, fields: Array<[string, string]>): string {
  return `${fields
    .map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    )
    .join('')}--${boundary}--\r\n`;
}

/** Sends the hostile request, then a plain status read on the same socket. */
async function sendThenStatus(request: Hostile): Promise<{ answer: RawResponse; next: RawResponse }> {
  const connection = await RawConnection.open(app.origin);
  try {
    let answer = await connection.exchange(head(request), request.body);
    // Next sends a router request without its cache-busting parameter there first; the browser follows.
    const location = answer.headers.location;
    if (answer.status === 307 && location?.includes('_rsc='))
      answer = await connection.exchange(
        head({
          ...request,
          path: new URL(location, app.origin).pathname + new URL(location, app.origin).search,
        }),
      );
    const next = await connection.exchange(head({ method: 'GET', path: '/api/status' }));
    return { answer, next };
  } finally {
    connection.close();
  }
}

function expectAppRefusal(answer: RawResponse): void {
  expect(answer.headers['content-type']).toContain('application/json');
  const body = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code).toBe('string');
  expect(String(body.error?.message)).not.toBe('');
}

beforeAll(async () => {
  app = await startApp({ label: 'edge' });
  const session = await signIn(app, { email: app.auditor.email });
  if (!session) throw new Error(`the auditor could not sign in:\n${app.output()}`);
  cookie = session;
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { exportedName?: string }> };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === 'resetCloneAction');
  if (!found) throw new Error('the build has no resetCloneAction');
  actionId = found[0];
  const response = await fetch(`${app.origin}/api/auth/csrf`);
  csrf = {
    token: ((await response.json()) as { csrfToken: string }).csrfToken,
    cookie: response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
  };
}, 600_000);

afterAll(async () => {
  await app?.stop();
}, 60_000);

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
const json = { 'Content-Type': 'application/json' };
const action = () => ({ Cookie: cookie, Origin: app.origin, 'Next-Action': actionId });
const withCsrf = (fields: Record<string, string>) =>
  new URLSearchParams({ csrfToken: csrf.token, ...fields }).toString();

// Each is [name, request]; every one is refused with the app's { error: { code, message } }.
const refusedByTheApp: Array<[string, () => Hostile]> = [
  [
    'session with a callbackUrl that is no URL',
    () => ({ method: 'GET', path: '/api/auth/session?callbackUrl=3' }),
  ],
  [
    'error page with a non-Latin-1 error',
    () => ({ method: 'GET', path: '/api/auth/error?error=%F0%9F%98%80' }),
  ],
  [
    'error page with a header break in error',
    () => ({ method: 'GET', path: '/api/auth/error?error=a%0D%0AX-Evil:%201' }),
  ],
  [
    'error page with a non-Latin-1 path segment',
    () => ({ method: 'GET', path: '/api/auth/error/%F0%9F%98%80' }),
  ],
  [
    'sign-out with a non-Latin-1 callbackUrl',
    () => ({
      method: 'POST',
      path: '/api/auth/signout',
      headers: { ...form, Cookie: csrf.cookie, Origin: app.origin },
      body: withCsrf({ callbackUrl: '/😀', json: 'true' }),
    }),
  ],
  [
    'sign-in with a non-Latin-1 callbackUrl',
    () => ({
      method: 'POST',
      path: '/api/auth/callback/credentials',
      headers: { ...form, Cookie: csrf.cookie, Origin: app.origin },
      body: withCsrf({ email: app.auditor.email, password: 'wrong', callbackUrl: `${app.origin}/😀` }),
    }),
  ],
  ['credentials callback by GET', () => ({ method: 'GET', path: '/api/auth/callback/credentials' })],
  ['an unknown auth action', () => ({ method: 'GET', path: '/api/auth/nope' })],
  ['an unknown provider', () => ({ method: 'GET', path: '/api/auth/signin/nope' })],
  ['an auth action named like a prototype member', () => ({ method: 'GET', path: '/api/auth/constructor' })],
  ['too many auth path segments', () => ({ method: 'GET', path: '/api/auth/callback/credentials/extra' })],
  [
    'sign-in with a JSON body that does not parse',
    () => ({
      method: 'POST',
      path: '/api/auth/callback/credentials',
      headers: { ...json, Origin: app.origin },
      body: '{"email":',
    }),
  ],
  [
    'sign-in with a callbackUrl that is an object',
    () => ({
      method: 'POST',
      path: '/api/auth/signin/credentials',
      headers: { ...json, Cookie: csrf.cookie, Origin: app.origin },
      body: JSON.stringify({ csrfToken: csrf.token, callbackUrl: { href: '/' } }),
    }),
  ],
  [
    'client log with a body that does not parse',
    () => ({ method: 'POST', path: '/api/auth/_log', headers: json, body: '{' }),
  ],
  ['a TRACE', () => ({ method: 'TRACE', path: '/runs' })],
  [
    'a router request whose state header does not parse',
    () => ({
      method: 'GET',
      path: '/runs',
      headers: { Cookie: cookie, RSC: '1', 'Next-Router-State-Tree': 'garbage' },
    }),
  ],
  [
    'a router request whose state header has the wrong shape',
    () => ({
      method: 'GET',
      path: '/runs',
      headers: { Cookie: cookie, RSC: '1', 'Next-Router-State-Tree': '%7B%7D' },
    }),
  ],
  ['a run id that is a broken escape', () => ({ method: 'GET', path: '/api/runs/%zz' })],
  ['a page path that is a broken escape', () => ({ method: 'GET', path: '/runs/%zz' })],
  ['an auth path that is a broken escape', () => ({ method: 'GET', path: '/api/auth/session/%zz' })],
  ['an overlong UTF-8 escape', () => ({ method: 'GET', path: '/api/runs/%C0%AF' })],
  ['a truncated UTF-8 escape', () => ({ method: 'GET', path: '/runs/%E0%A4' })],
  [
    'an action with a body that is no JSON',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { ...action(), 'Content-Type': 'text/plain;charset=UTF-8' },
      body: 'garbage{',
    }),
  ],
  [
    'an action with deeply nested JSON',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { ...action(), 'Content-Type': 'text/plain;charset=UTF-8' },
      body: `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
    }),
  ],
  [
    'an action with an argument list that is not form data',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { ...action(), 'Content-Type': 'text/plain;charset=UTF-8' },
      body: '[{"a":1}]',
    }),
  ],
  [
    'an action with a JSON content type',
    () => ({ method: 'POST', path: '/runs', headers: { ...action(), ...json }, body: '[]' }),
  ],
  [
    'an action with no content type',
    () => ({ method: 'POST', path: '/runs', headers: action(), body: '[]' }),
  ],
  [
    'an action with a multipart body that does not parse',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { ...action(), 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: 'garbage',
    }),
  ],
  [
    'an action with a multipart type without boundary',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { ...action(), 'Content-Type': 'multipart/form-data' },
      body: 'garbage',
    }),
  ],
  [
    'an action whose arguments reference a chunk that was never sent',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { ...action(), 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: rawMultipart('xyz', [['0', '["$@1","$K1"]']]),
    }),
  ],
  [
    'an action whose multipart body lacks its arguments',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { ...action(), 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: rawMultipart('xyz', [['_1_tiers', '1']]),
    }),
  ],
  [
    'a form post (no Next-Action) with a multipart body that does not parse',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { Cookie: cookie, Origin: app.origin, 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: 'garbage',
    }),
  ],
  [
    'a plain form post naming an action by id',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { Cookie: cookie, Origin: app.origin, 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: rawMultipart('xyz', [
        [`$ACTION_ID_${actionId}`, ''],
        ['tiers', '1'],
      ]),
    }),
  ],
  [
    'a plain form post whose bound arguments reference a chunk that was never sent',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { Cookie: cookie, Origin: app.origin, 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: rawMultipart('xyz', [
        ['$ACTION_REF_1', ''],
        ['$ACTION_1:0', JSON.stringify({ id: actionId, bound: '$@1' })],
      ]),
    }),
  ],
  [
    'an action from a foreign origin',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { ...action(), Origin: 'https://evil.example', 'Content-Type': 'text/plain;charset=UTF-8' },
      body: '[]',
    }),
  ],
  [
    'an action body over 1 MB',
    () => ({
      method: 'POST',
      path: '/runs',
      headers: { ...action(), 'Content-Type': 'text/plain;charset=UTF-8' },
      body: Buffer.alloc(2 * 1024 * 1024 + 1, 'a'),
    }),
  ],
];

describe('1. next-auth and Next.js answer hostile input 4xx in the app shape, and the socket lives on', () => {
  it.each(refusedByTheApp)('%s', async (_name, build) => {
    const { answer, next } = await sendThenStatus(build());
    expect(answer.status, answer.body).toBeGreaterThanOrEqual(400);
    expect(answer.status, answer.body).toBeLessThan(500);
    expectAppRefusal(answer);
    expect(next.status, next.body).toBe(200);
  });

  it('an action id of the wrong form, or of no action, is Next 4xx and the socket lives on', async () => {
    for (const id of ['zzz', `7f${'a'.repeat(40)}`]) {
      const { answer, next } = await sendThenStatus({
        method: 'POST',
        path: '/runs',
        headers: { ...action(), 'Next-Action': id, 'Content-Type': 'text/plain;charset=UTF-8' },
        body: '[]',
      });
      expect(answer.status, answer.body).toBeGreaterThanOrEqual(400);
      expect(answer.status, answer.body).toBeLessThan(500);
      expect(next.status).toBe(200);
    }
  });
});

describe('1. what a browser sends still works', () => {
  it('an action called with the form data React encodes reaches the action', async () => {
    const { type, body } = await multipart(
      (await encodeReply([{ ok: false, message: '' }, new FormData()])) as FormData,
    );
    const { answer, next } = await sendThenStatus({
      method: 'POST',
      path: '/runs',
      headers: { ...action(), 'Content-Type': type },
      body,
    });
    expect(answer.status, answer.body).toBe(200);
    // The auditor may not reset the clone: the action itself answered, with its refusal.
    expect(answer.body).toContain('FORBIDDEN');
    expect(next.status).toBe(200);
  });

  it.each([['3'], ['-1'], ['[]'], ['%F0%9F%98%80'], ['javascript%3Ax']])(
    'a callback-url cookie next-auth cannot use (%s) is dropped and cleared, and pages and the session answer',
    async (value) => {
      const session = cookie
        .split('; ')
        .filter((pair) => !pair.startsWith('next-auth.callback-url='))
        .join('; ');
      for (const pathname of ['/runs', '/api/auth/session', '/api/status']) {
        const response = await fetch(`${app.origin}${pathname}`, {
          headers: { Cookie: `${session}; next-auth.callback-url=${value}` },
          redirect: 'manual',
        });
        expect(response.status, pathname).toBe(200);
        const cleared = response.headers.getSetCookie().find((c) => c.startsWith('next-auth.callback-url='));
        expect(cleared, pathname).toMatch(/^next-auth\.callback-url=;.*Max-Age=0/i);
      }
    },
  );

  it('the session, sign-out and sign-in with ordinary values work', async () => {
    const session = await fetch(`${app.origin}/api/auth/session`, { headers: { Cookie: cookie } });
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user?: { email?: string } }).user?.email).toBe(app.auditor.email);
    const signOut = await fetch(`${app.origin}/api/auth/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...form, Cookie: csrf.cookie, Origin: app.origin },
      body: withCsrf({ callbackUrl: `${app.origin}/sign-in`, json: 'true' }),
    });
    expect(signOut.status).toBe(200);
    expect(((await signOut.json()) as { url: string }).url).toBe(`${app.origin}/sign-in`);
    expect(await fetch(`${app.origin}/api/auth/providers`).then((r) => r.status)).toBe(200);
  });
});
