import { describe, expect, it } from 'vitest';
import { isDomainError } from '@/lib/errors';
import { MAX_ARGUMENT_DEPTH, screenActionRequest } from '@/lib/server/http/screen-action-request';

// React's own client encoder: what a browser sends when a form calls a server action.
const { encodeReply } = (await import(
  `${process.cwd()}/node_modules/next/dist/compiled/react-server-dom-webpack/client.node.js`
)) as { encodeReply: (value: unknown) => Promise<string | FormData> };

const ACTION = `7f${'0'.repeat(40)}`;

async function verdict(init: {
  headers?: Record<string, string>;
  body?: BodyInit;
  method?: string;
}): Promise<string> {
  try {
    await screenActionRequest({
      request: new Request('http://localhost/runs', {
        method: init.method ?? 'POST',
        headers: init.headers,
        body: init.body,
      }),
    });
    return 'ok';
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

function raw(fields: Array<[string, string]>): string {
  return `${fields.map(([name, value]) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')}--b--\r\n`;
}

const multipart = { 'Content-Type': 'multipart/form-data; boundary=b' };
const action = { ...multipart, 'Next-Action': ACTION };
const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

describe('screenActionRequest', () => {
  it('lets through what React encodes for (previous state, form data)', async () => {
    const form = new FormData();
    form.set('tiers', '1-6');
    for (const state of [
      { ok: false, message: '' },
      {
        ok: false,
        message: '$5 costs',
        code: 'FORBIDDEN',
        errors: { tiers: ['bad'] },
        data: { at: new Date(0), none: undefined },
      },
    ]) {
      const body = (await encodeReply([state, form])) as FormData;
      expect(await verdict({ headers: { 'Next-Action': ACTION }, body })).toBe('ok');
    }
  });

  const cases: Array<
    [string, { headers?: Record<string, string>; body?: BodyInit; method?: string }, string]
  > = [
    ['a GET', { method: 'GET', headers: { 'Next-Action': ACTION } }, 'ok'],
    [
      'a page POST that is no action',
      { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=b' },
      'ok',
    ],
    [
      'a plain multipart post without action fields',
      { headers: multipart, body: raw([['name', 'x']]) },
      'ok',
    ],
    [
      'an action as text',
      { headers: { 'Next-Action': ACTION, 'Content-Type': 'text/plain;charset=UTF-8' }, body: '[]' },
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an action as JSON',
      { headers: { 'Next-Action': ACTION, 'Content-Type': 'application/json' }, body: '[]' },
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['an action with no type', { headers: { 'Next-Action': ACTION }, body: '[]' }, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'an action with an upper-case multipart type',
      {
        headers: { 'Next-Action': ACTION, 'Content-Type': 'Multipart/Form-Data; boundary=b' },
        body: raw([['0', '[{},"$K1"]']]),
      },
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an action with no boundary',
      { headers: { 'Next-Action': ACTION, 'Content-Type': 'multipart/form-data' }, body: 'x' },
      'MALFORMED_REQUEST',
    ],
    ['an action with a garbage multipart body', { headers: action, body: 'garbage' }, 'MALFORMED_REQUEST'],
    ['an action with no field 0', { headers: action, body: raw([['_1_tiers', '1']]) }, 'MALFORMED_REQUEST'],
    [
      'an action whose field 0 is no JSON',
      { headers: action, body: raw([['0', '[{']]) },
      'MALFORMED_REQUEST',
    ],
    ['an action with no arguments', { headers: action, body: raw([['0', '[]']]) }, 'MALFORMED_REQUEST'],
    [
      'an action with three arguments',
      { headers: action, body: raw([['0', '[{},"$K1",3]']]) },
      'MALFORMED_REQUEST',
    ],
    [
      'an action whose second argument is no form',
      { headers: action, body: raw([['0', '[{},"x"]']]) },
      'MALFORMED_REQUEST',
    ],
    [
      'an action whose second argument is a promise',
      { headers: action, body: raw([['0', '[{},"$@1"]']]) },
      'MALFORMED_REQUEST',
    ],
    [
      'a state referring to a promise',
      { headers: action, body: raw([['0', '[{"a":"$@1"},"$K1"]']]) },
      'MALFORMED_REQUEST',
    ],
    [
      'a state referring to an outlined model',
      { headers: action, body: raw([['0', '["$1","$K1"]']]) },
      'MALFORMED_REQUEST',
    ],
    [
      'a state referring to a server function',
      { headers: action, body: raw([['0', '[{"f":"$h1"},"$K1"]']]) },
      'MALFORMED_REQUEST',
    ],
    [
      'a state holding a huge bigint',
      { headers: action, body: raw([['0', `[{"n":"$n${'9'.repeat(400)}"},"$K1"]`]]) },
      'MALFORMED_REQUEST',
    ],
    [
      'a state nested too deep',
      { headers: action, body: raw([['0', JSON.stringify([nested(MAX_ARGUMENT_DEPTH + 1), '$K1'])]]) },
      'MALFORMED_REQUEST',
    ],
    [
      'a state nested 200,000 deep',
      { headers: action, body: raw([['0', `[${'['.repeat(200_000)}${']'.repeat(200_000)},"$K1"]`]]) },
      'MALFORMED_REQUEST',
    ],
    [
      'a plain form post naming an action',
      { headers: multipart, body: raw([[`$ACTION_ID_${ACTION}`, '']]) },
      'MALFORMED_REQUEST',
    ],
    [
      'a plain form post with bound arguments',
      {
        headers: multipart,
        body: raw([
          ['$ACTION_REF_1', ''],
          ['$ACTION_1:0', '{"id":"x","bound":"$@1"}'],
        ]),
      },
      'MALFORMED_REQUEST',
    ],
  ];
  it.each(cases)('%s → %s', async (_label, init, expected) => {
    expect(await verdict(init)).toBe(expected);
  });

  it('lets a state nested just within the limit through', async () => {
    const body = raw([['0', JSON.stringify([nested(MAX_ARGUMENT_DEPTH - 1), '$K1'])]]);
    expect(await verdict({ headers: action, body })).toBe('ok');
  });
});
