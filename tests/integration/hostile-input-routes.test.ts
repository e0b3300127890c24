import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, signIn, startApp } from '../security/web-app-server';
import { createPerson } from './harness';

/**
 * Issue #8, 1: hostile query values on the JSON routes, sent by a signed-in
 * person to the app as `npm start` runs it. Each is a 400 INVALID_INPUT that
 * names the field, in the app's error shape, and is audited as a refusal.
 */
let app: RunningApp;
const cookies: Record<'auditor' | 'operator' | 'viewer', string> = { auditor: '', operator: '', viewer: '' };
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp({ label: 'hostile' });
  const operator = await createPerson('hostile-operator', 'operator');
  const viewer = await createPerson('hostile-viewer', 'viewer');
  ids.auditor = app.auditor.id;
  ids.operator = operator.id;
  ids.viewer = viewer.id;
  for (const [role, email] of [
    ['auditor', app.auditor.email],
    ['operator', operator.email],
    ['viewer', viewer.email],
  ] as const) {
    const cookie = await signIn(app, { email });
    if (!cookie) throw new Error(`${role} could not sign in:\n${app.output()}`);
    cookies[role] = cookie;
  }
}, 600_000);

afterAll(async () => {
  await app?.stop();
}, 60_000);

const refusalsBy = async (userId: string) => {
  const { rows } = await app.db.control.query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_events WHERE outcome = 'refused' AND actor_id = $1`,
    [userId],
  );
  return Number(rows[0]?.n);
};

const huge = 'x'.repeat(10_000);
const maxSafePlusTwo = '9007199254740993';

/** [role, method, path and query, the field the refusal must name] */
const cases: Array<['auditor' | 'operator' | 'viewer', 'GET' | 'POST', string, string]> = [
  ['auditor', 'GET', '/api/audit/events?actor=a%00b', 'actor'],
  ['auditor', 'GET', '/api/audit/events?environment=%00', 'environment'],
  ['auditor', 'GET', '/api/audit/events?kind=run.started%00', 'kind'],
  ['auditor', 'GET', `/api/audit/events?actor=${'y'.repeat(240)}`, 'actor'],
  ['auditor', 'GET', '/api/audit/events?kind=..%2F..%2Fetc', 'kind'],
  ['auditor', 'GET', '/api/audit/events?from=-000001-01-01', 'from'],
  ['auditor', 'GET', '/api/audit/events?from=1969-12-31', 'from'],
  ['auditor', 'GET', '/api/audit/events?to=%2B275760-09-13T00%3A00%3A00Z', 'to'],
  ['auditor', 'GET', '/api/audit/events?to=10000-01-01', 'to'],
  ['auditor', 'GET', '/api/audit/events?to=2026-02-30', 'to'],
  ['auditor', 'GET', '/api/audit/events?to=not-a-date', 'to'],
  ['auditor', 'GET', '/api/audit/events?to=0', 'to'],
  ['auditor', 'GET', '/api/audit/events?beforeSeq=99999999999999999999', 'beforeSeq'],
  ['auditor', 'GET', '/api/audit/events?beforeSeq=%D9%A3', 'beforeSeq'],
  ['auditor', 'GET', '/api/audit/events?limit=abc', 'limit'],
  ['auditor', 'GET', '/api/audit/events?limit=1e309', 'limit'],
  ['auditor', 'GET', '/api/audit/events?limit=-0', 'limit'],
  ['auditor', 'GET', `/api/audit/events?limit=${maxSafePlusTwo}`, 'limit'],
  ['auditor', 'GET', '/api/audit/events?limit=%EF%BC%91', 'limit'],
  ['auditor', 'GET', '/api/audit/events?limit=%20%2010', 'limit'],
  ['operator', 'GET', '/api/audit/events?limit=10&limit=20', 'limit'],
  ['auditor', 'GET', '/api/audit/events?colour=red', 'colour'],
  ['auditor', 'GET', '/api/audit/export?format=%00', 'format'],
  ['auditor', 'GET', '/api/audit/export?format=xml', 'format'],
  ['auditor', 'GET', '/api/audit/export?format=JSON', 'format'],
  ['operator', 'GET', '/api/runs?limit=abc', 'limit'],
  ['operator', 'GET', `/api/runs?limit=${maxSafePlusTwo}`, 'limit'],
  ['operator', 'GET', '/api/runs?limit=0', 'limit'],
  ['viewer', 'GET', `/api/runs?limit=${huge.slice(0, 200)}`, 'limit'],
  ['viewer', 'GET', '/api/runs/in-flight?limit=%00', 'limit'],
  ['viewer', 'GET', '/api/gap-history?environment=%00', 'environment'],
  ['auditor', 'POST', '/api/audit/verify?through=1', 'through'],
  ['viewer', 'GET', `/api/runs?${'p'.repeat(40)}=1`, 'query'],
  ['viewer', 'GET', `/api/runs?limit=${huge.slice(0, 2000)}`, 'limit'],
];

describe('hostile query values are refused with 400 and audited', () => {
  it.each(cases)('%s %s %s names %s', async (role, method, pathname, field) => {
    const before = await refusalsBy(ids[role] as string);
    const response = await fetch(`${app.origin}${pathname}`, {
      method,
      headers: { Cookie: cookies[role], Origin: app.origin },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { error?: { code: string; message: string } };
    expect({ status: response.status, code: body.error?.code }).toEqual({
      status: 400,
      code: 'INVALID_INPUT',
    });
    expect(body.error?.message).toContain(field);
    expect(await refusalsBy(ids[role] as string)).toBe(before + 1);
  });

  it('still answers well-formed queries', async () => {
    const query = '/api/audit/events?limit=5&from=2026-01-01&to=2026-12-31T23:59:59Z&kind=run.started';
    const response = await fetch(`${app.origin}${query}`, {
      headers: { Cookie: cookies.auditor, Origin: app.origin },
    });
    expect(response.status).toBe(200);
    const runs = await fetch(`${app.origin}/api/runs?limit=25`, {
      headers: { Cookie: cookies.viewer, Origin: app.origin },
    });
    expect(runs.status).toBe(200);
  });
});

/** React's own encoder for action arguments, as a browser (or someone forging one) sends them. */
const { encodeReply } = createRequire(import.meta.url)(
  'next/dist/compiled/react-server-dom-turbopack/client.node.js',
) as { encodeReply: (args: unknown[]) => Promise<string | FormData> };

function actionId(exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(
      path.resolve(import.meta.dirname, '../../.next/server/server-reference-manifest.json'),
      'utf8',
    ),
  ) as { node: Record<string, { exportedName: string }> };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in the build`);
  return found[0];
}

const inputRefusalsBy = async (userId: string) => {
  const { rows } = await app.db.control.query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_events WHERE kind = 'input.refused' AND actor_id = $1`,
    [userId],
  );
  return Number(rows[0]?.n);
};

const runCount = async () => {
  const { rows } = await app.db.control.query<{ n: string }>('SELECT count(*) AS n FROM runs');
  return Number(rows[0]?.n);
};

const form = (fields: Record<string, string | Blob>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};

describe('server actions refuse hostile arguments with an ActionState, audited', () => {
  const initial = { ok: false, message: '' };
  const attacks: Array<[string, unknown]> = [
    ['tiers 2^53+1 from the form', form({ environment: 'clone', tiers: '9007199254740993' })],
    ['a range to 2^53+1 from the form', form({ environment: 'clone', tiers: '1-9007199254740993' })],
    ['a file for tiers', form({ environment: 'clone', tiers: new Blob(['1-6']) })],
    ['an unknown environment', form({ environment: 'clone\u0000', tiers: '1' })],
    ['a string', 'environment=clone&tiers=1-6'],
    ['a number', 42],
    ['null', null],
    ['an array', [['tiers', '1-6']]],
    ['a plain object', { environment: 'clone', tiers: '1-6' }],
  ];
  it.each(attacks)('startRun given %s', async (_label, argument) => {
    const before = await inputRefusalsBy(ids.operator as string);
    const runsBefore = await runCount();
    const body = await encodeReply([initial, argument]);
    const response = await fetch(`${app.origin}/runs`, {
      method: 'POST',
      headers: {
        Cookie: cookies.operator,
        Origin: app.origin,
        Accept: 'text/x-component',
        'Next-Action': actionId('startRunAction'),
        ...(typeof body === 'string' ? { 'Content-Type': 'text/plain;charset=UTF-8' } : {}),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('"code":"INVALID_INPUT"');
    expect(await inputRefusalsBy(ids.operator as string)).toBe(before + 1);
    expect(await runCount()).toBe(runsBefore);
  });
});
