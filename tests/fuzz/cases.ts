import fc from 'fast-check';
import { encodeComponent, hostileText, type RefName, rawQueryNoise, type Value } from './hostile';
import type { RawRequest } from './send';
import { type Body, isRef, NO_JS_ACTION_FIELD, type Target } from './targets';

export const roles = [
  'signed-out',
  'viewer',
  'operator',
  'auditor',
  'approver-L1',
  'approver-L2',
  'approver-L4',
  'proposer',
  'owner',
] as const;
export type RoleName = (typeof roles)[number];

export type Case = {
  target: string;
  role: RoleName;
  method: string;
  path: Array<Value | { raw: string }>;
  query: Array<[string, Value]>;
  noise: string;
  headers: Array<[string, Value]>;
  body: Body;
  origin: (typeof originModes)[number];
  cookie: 'session' | 'none' | 'forged';
  forgedToken: string;
  contentType: string | null;
};

const originModes = [
  'self',
  'none',
  'foreign',
  'null',
  'fetch-same-origin',
  'fetch-cross-site',
  'referer-self',
  'referer-foreign',
] as const;

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const contentTypes = [
  'application/json',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-16',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/xml',
  'text/x-component',
  '*/*; q=ä',
];

/** One case: a target, a role, and everything around the target's own hostile fields. */
export function caseArbitrary(targets: Target[]): fc.Arbitrary<Case> {
  const drawn = fc.oneof(
    ...targets.map((target) => ({ arbitrary: fc.constant(target), weight: target.weight ?? 1 })),
  );
  return drawn.chain((target) =>
    fc.record({
      target: fc.constant(target.name),
      role: target.mayAct
        ? fc.oneof(fc.constantFrom(...(target.mayAct as RoleName[])), fc.constantFrom(...roles))
        : fc.constantFrom(...roles),
      method: fc.oneof(
        { arbitrary: fc.constant(target.method), weight: 12 },
        { arbitrary: fc.constantFrom(...methods), weight: 1 },
      ),
      path: target.path,
      query: target.query,
      noise: fc.oneof({ arbitrary: fc.constant(''), weight: 8 }, { arbitrary: rawQueryNoise, weight: 1 }),
      headers: target.headers,
      body: target.body,
      origin: fc.oneof(
        { arbitrary: fc.constant('self' as const), weight: 14 },
        { arbitrary: fc.constantFrom(...originModes), weight: 2 },
      ),
      cookie: fc.oneof(
        { arbitrary: fc.constant('session' as const), weight: 14 },
        { arbitrary: fc.constantFrom('none' as const, 'forged' as const), weight: 1 },
      ),
      forgedToken: hostileText,
      contentType: fc.oneof(
        { arbitrary: fc.constant(null), weight: 10 },
        { arbitrary: fc.constantFrom(...contentTypes), weight: 1 },
      ),
    }),
  );
}

/** What a case needs from the running app to become bytes on the wire. */
export type Wire = {
  origin: string;
  cookieOf: (role: RoleName) => string;
  refs: (role: RoleName) => Record<RefName, string>;
  actionIdOf: (target: string) => { own: string; other: string };
};

const BOUNDARY = '----one-roof-fuzz-7MA4YWxkTrZu0gW';

/** Header values must be Latin-1 without controls, or Node refuses to send them. */
const headerSafe = (text: string) => text.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').slice(0, 6000);

export function toRequest(fuzzCase: Case, wire: Wire): RawRequest {
  const refs = { ...wire.refs(fuzzCase.role) };
  const ids = fuzzCase.target.startsWith('ACTION ') ? wire.actionIdOf(fuzzCase.target) : null;
  if (ids) {
    refs.actionId = ids.own;
    refs.otherActionId = ids.other;
  }
  const text = (value: Value) => (isRef(value) ? refs[value.ref] : value);
  const path = `/${fuzzCase.path.map((part) => (typeof part === 'object' && 'raw' in part ? part.raw : encodeComponent(text(part)))).join('/')}`;
  const query = fuzzCase.query.map(
    ([name, value]) => `${encodeComponent(name)}=${encodeComponent(text(value))}`,
  );
  const search = query.length || fuzzCase.noise ? `?${query.join('&')}${fuzzCase.noise}` : '';

  const headers: Record<string, string> = {};
  for (const [name, value] of fuzzCase.headers) headers[name] = headerSafe(text(value));
  const { origin } = wire;
  const originHeaders: Record<(typeof originModes)[number], Record<string, string>> = {
    self: { Origin: origin },
    none: {},
    foreign: { Origin: 'https://evil.example' },
    null: { Origin: 'null' },
    'fetch-same-origin': { 'Sec-Fetch-Site': 'same-origin' },
    'fetch-cross-site': { 'Sec-Fetch-Site': 'cross-site', Origin: origin },
    'referer-self': { Referer: `${origin}/runs` },
    'referer-foreign': { Referer: 'https://evil.example/x', Origin: origin },
  };
  Object.assign(headers, originHeaders[fuzzCase.origin]);
  if (fuzzCase.cookie === 'session') headers.Cookie = wire.cookieOf(fuzzCase.role);
  if (fuzzCase.cookie === 'forged')
    headers.Cookie = headerSafe(`next-auth.session-token=${encodeComponent(fuzzCase.forgedToken)}`);

  const body = encodeBody(fuzzCase.body, text, refs.actionId);
  if (
    fuzzCase.body.kind === 'urlencoded' &&
    fuzzCase.body.fields.some(([name]) => name === NO_JS_ACTION_FIELD)
  )
    delete headers['Next-Action'];
  const contentType = fuzzCase.contentType ?? body.contentType;
  if (contentType) headers['Content-Type'] = contentType;
  return { method: fuzzCase.method, path: `${path}${search}`, headers, body: body.bytes };
}

function encodeBody(
  body: Body,
  text: (value: Value) => string,
  actionId: string | undefined,
): { bytes: Buffer | null; contentType: string | null } {
  const name = (field: string) => (field === NO_JS_ACTION_FIELD ? `${field}${actionId ?? ''}` : field);
  switch (body.kind) {
    case 'none':
      return { bytes: null, contentType: null };
    case 'text':
      return { bytes: Buffer.from(body.text, 'utf8'), contentType: 'text/plain;charset=UTF-8' };
    case 'oversize':
      return { bytes: Buffer.alloc(body.bytes, 'a'), contentType: 'text/plain;charset=UTF-8' };
    case 'urlencoded':
      return {
        bytes: Buffer.from(
          body.fields
            .map(([field, value]) => `${encodeComponent(name(field))}=${encodeComponent(text(value))}`)
            .join('&'),
        ),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 'multipart': {
      const parts = body.fields.map(
        ([field, value]) =>
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name(field).replace(/["\r\n]/g, '_')}"\r\n\r\n${text(value)}\r\n`,
      );
      const bytes = Buffer.from(`${parts.join('')}--${BOUNDARY}--\r\n`, 'utf8');
      return {
        // A cut-off body: the closing boundary never comes.
        bytes: body.broken ? bytes.subarray(0, Math.max(0, bytes.length - 12)) : bytes,
        contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      };
    }
  }
}

/** The request as the report shows it: enough to reproduce by hand, short enough to read. */
export function describeRequest(request: RawRequest, role: RoleName): string {
  const body = request.body
    ? request.body.length > 400
      ? `${request.body.length} bytes: ${JSON.stringify(request.body.subarray(0, 200).toString('utf8'))}…`
      : JSON.stringify(request.body.toString('utf8'))
    : '(none)';
  const headers = Object.entries(request.headers)
    .filter(([name]) => name !== 'Cookie')
    .map(([name, value]) => `${name}: ${value.slice(0, 120)}`)
    .join(' | ');
  return `${request.method} ${request.path.slice(0, 300)} as ${role}; headers ${headers}; body ${body}`;
}
