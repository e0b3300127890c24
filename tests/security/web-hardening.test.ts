import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventCount, type RunningApp, signIn, startApp } from './web-app-server';

/**
 * Issue #7, 1.2 and 1.5–1.7, against the app as `npm start` runs it: one
 * server for the whole file, since starting it (and building it) is the cost.
 */
let app: RunningApp;
let auditorCookie: string;

beforeAll(async () => {
  app = await startApp({ label: 'web' });
  const cookie = await signIn(app, { email: app.auditor.email });
  if (!cookie) throw new Error(`the auditor could not sign in:\n${app.output()}`);
  auditorCookie = cookie;
}, 600_000);

afterAll(async () => {
  await app?.stop();
}, 60_000);

describe('1.2 callbackUrl stays on this origin', () => {
  const hostile = [
    '/\t/evil.example',
    '/\n/evil.example',
    '/\\evil.example',
    '//evil.example',
    'https:evil.example',
    'https://evil.example/',
    '/./\\evil.example',
    'javascript:alert(1)',
  ];
  it.each(hostile)('a signed-in person sent to %j stays here', async (callbackUrl) => {
    const response = await fetch(`${app.origin}/sign-in?${new URLSearchParams({ callbackUrl })}`, {
      headers: { Cookie: auditorCookie },
      redirect: 'manual',
    });
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(response.status).toBeLessThan(400);
    const location = response.headers.get('location') ?? '';
    // Read the Location the way a browser does.
    expect(new URL(location, app.origin).origin).toBe(app.origin);
  });
});

describe('1.5 proxy headers are trusted only with TRUST_PROXY=1', () => {
  it('records the socket address and a fresh request id for a spoofed failed sign-in', async () => {
    const spoofedId = 'spoofed-request-id-0001';
    const cookie = await signIn(
      app,
      { email: app.auditor.email, password: 'not the password' },
      { 'X-Forwarded-For': '203.0.113.7', 'X-Real-IP': '203.0.113.8', 'X-Request-Id': spoofedId },
    );
    expect(cookie).toBeNull();
    const { rows } = await app.db.control.query<{ ip: string | null; request_id: string | null }>(
      `SELECT ip, request_id FROM audit_events WHERE kind LIKE 'auth.sign_in%' ORDER BY seq DESC LIMIT 1`,
    );
    expect(rows[0]?.ip).toBe('127.0.0.1');
    expect(rows[0]?.request_id).not.toBe(spoofedId);
  });
});

describe('1.6 security headers on every response', () => {
  const paths = ['/sign-in', '/', '/no-such-page', '/api/status', '/api/readiness', '/api/audit/events'];
  it.each(paths)('%s sends the policy headers', async (pathname) => {
    const response = await fetch(`${app.origin}${pathname}`, { redirect: 'manual' });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBeTruthy();
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
  });

  it('gives each page its own nonce, and every script of the page carries it', async () => {
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${app.origin}/sign-in`);
      const csp = response.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});

describe('1.6 routes that change state or write audit events refuse cross-origin requests', () => {
  const attacks: Array<[string, string, Record<string, string>]> = [
    ['POST', '/api/audit/verify', { Origin: 'https://evil.example' }],
    ['POST', '/api/audit/verify', { 'Sec-Fetch-Site': 'cross-site' }],
    ['POST', '/api/audit/verify', { 'Sec-Fetch-Site': 'same-site', Origin: 'http://evil.127.0.0.1.nip.io' }],
    ['POST', '/api/audit/verify', { Origin: 'null' }],
    ['POST', '/api/audit/verify', { Referer: 'https://evil.example/page' }],
    ['POST', '/api/audit/verify', { 'Sec-Fetch-Site': 'none' }],
    ['POST', '/api/audit/verify', {}],
    ['GET', '/api/audit/export', { 'Sec-Fetch-Site': 'cross-site' }],
    ['GET', '/api/audit/export?format=csv', { Origin: 'https://evil.example' }],
    ['GET', '/api/audit/export', { Referer: 'https://evil.example/page' }],
    ['GET', '/api/audit/export', {}],
    ['GET', '/api/provenance?collection=x&responsibility=y', { 'Sec-Fetch-Site': 'cross-site' }],
    // Server actions: Next itself lets an action with no Origin through.
    ['POST', '/proposals/APR-BOOT-AUTHMODEL-1', { 'Next-Action': 'a'.repeat(42) }],
    ['POST', '/readiness', { 'Next-Action': 'a'.repeat(42), 'Sec-Fetch-Site': 'cross-site' }],
    ['POST', '/runs', { 'Next-Action': 'a'.repeat(42), Origin: 'https://evil.example' }],
  ];
  it.each(attacks)('%s %s with %j is refused with 403', async (method, pathname, headers) => {
    const before = await auditEventCount(app);
    const response = await fetch(`${app.origin}${pathname}`, {
      method,
      headers: { Cookie: auditorCookie, ...headers },
    });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('CROSS_ORIGIN');
    expect(body.error.message).toBeTruthy();
    expect((await auditEventCount(app)) - before).toBeLessThanOrEqual(1);
    const written = await app.db.control.query(
      `SELECT 1 FROM audit_events WHERE kind IN ('audit.verified', 'audit.exported') AND seq > (SELECT max(seq) FROM audit_events) - 1`,
    );
    expect(written.rowCount).toBe(0);
  });

  const allowed: Array<[string, string, Record<string, string>, string]> = [
    ['POST', '/api/audit/verify', { 'Sec-Fetch-Site': 'same-origin' }, 'audit.verified'],
    ['POST', '/api/audit/verify', { Origin: '' }, 'audit.verified'],
    ['GET', '/api/audit/export', { 'Sec-Fetch-Site': 'none' }, 'audit.exported'],
    ['GET', '/api/audit/export', { Referer: '' }, 'audit.exported'],
  ];
  it.each(allowed)(
    '%s %s from this origin (%j) works and is audited',
    async (method, pathname, headers, kind) => {
      const named = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [
          name,
          value || `${app.origin}${name === 'Referer' ? '/provenance' : ''}`,
        ]),
      );
      const before = await app.db.control.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE kind = $1`,
        [kind],
      );
      const response = await fetch(`${app.origin}${pathname}`, {
        method,
        headers: { Cookie: auditorCookie, ...named },
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      const after = await app.db.control.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE kind = $1`,
        [kind],
      );
      expect(after.rows[0].n).toBe(before.rows[0].n + 1);
    },
  );
});

/** A raw request, so the test controls Content-Length and can see an answer that comes before the body is read. */
function rawRequest(options: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}): Promise<{ status: number; text: string }> {
  const { port, hostname } = new URL(app.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, ...options }, (response) => {
      let text = '';
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body, () => {});
    req.end();
  });
}

describe('1.7 oversized input gets a quick 4xx and at most one bounded audit event', () => {
  const twoMegabytes = Buffer.alloc(2 * 1024 * 1024, 'a');
  const oversized: Array<[string, () => Parameters<typeof rawRequest>[0]]> = [
    [
      'a 2 MB body to a route',
      () => ({
        method: 'POST',
        path: '/api/audit/verify',
        headers: { Cookie: auditorCookie, Origin: app.origin, 'Content-Length': String(twoMegabytes.length) },
        body: twoMegabytes,
      }),
    ],
    [
      'a 2 MB body to a server action',
      () => ({
        method: 'POST',
        path: '/proposals/APR-BOOT-AUTHMODEL-1',
        headers: {
          Cookie: auditorCookie,
          Origin: app.origin,
          'Next-Action': 'a'.repeat(42),
          'Content-Type': 'text/plain;charset=UTF-8',
          'Content-Length': String(twoMegabytes.length),
        },
        body: twoMegabytes,
      }),
    ],
    [
      'a 2 MB sign-in',
      () => ({
        method: 'POST',
        path: '/api/auth/callback/credentials',
        headers: {
          Origin: app.origin,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(twoMegabytes.length + 6),
        },
        body: Buffer.concat([Buffer.from('email='), twoMegabytes]),
      }),
    ],
    [
      'a 100 kB query string',
      () => ({
        method: 'GET',
        path: `/api/audit/events?kind=${'a'.repeat(100 * 1024)}`,
        headers: { Cookie: auditorCookie, Origin: app.origin },
      }),
    ],
    [
      'a body of unannounced length',
      () => ({
        method: 'POST',
        path: '/api/audit/verify',
        headers: { Cookie: auditorCookie, Origin: app.origin, 'Transfer-Encoding': 'chunked' },
        body: twoMegabytes,
      }),
    ],
    [
      'a 2 kB query parameter',
      () => ({
        method: 'GET',
        path: `/api/audit/events?actor=${'a'.repeat(2048)}`,
        headers: { Cookie: auditorCookie, Origin: app.origin },
      }),
    ],
    [
      'a NUL byte in a query parameter',
      () => ({
        method: 'GET',
        path: '/api/audit/events?kind=auth.signed_in%00',
        headers: { Cookie: auditorCookie, Origin: app.origin },
      }),
    ],
    [
      'a 2 kB run id',
      () => ({
        method: 'GET',
        path: `/api/runs/${'a'.repeat(2048)}`,
        headers: { Cookie: auditorCookie, Origin: app.origin },
      }),
    ],
  ];
  it.each(oversized)('%s', async (_label, build) => {
    const before = await auditEventCount(app);
    const answer = await rawRequest(build());
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect((await auditEventCount(app)) - before).toBeLessThanOrEqual(1);
    const newest = await app.db.control.query<{ size: number }>(
      'SELECT octet_length(row_to_json(e)::text) AS size FROM audit_events e ORDER BY seq DESC LIMIT 1',
    );
    expect(newest.rows[0]?.size ?? 0).toBeLessThan(8 * 1024);
  });
});
