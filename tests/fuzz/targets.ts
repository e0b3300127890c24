import fc from 'fast-check';
import {
  dateStrings,
  fieldValue,
  hostileText,
  numberStrings,
  type Ref,
  ref,
  tierStrings,
  type Value,
} from './hostile';

/** How a case's body is put on the wire; values are resolved and encoded when it is sent. */
export type Body =
  | { kind: 'none' }
  | { kind: 'urlencoded'; fields: Array<[string, Value]> }
  | { kind: 'multipart'; fields: Array<[string, Value]>; broken: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'oversize'; bytes: number };

export type Target = {
  /** The per-route line of the summary. */
  name: string;
  method: string;
  /** Path segments after the leading slash; a Value is percent-encoded when sent, `{ raw }` goes in as is. */
  path: fc.Arbitrary<Array<Value | { raw: string }>>;
  query: fc.Arbitrary<Array<[string, Value]>>;
  body: fc.Arbitrary<Body>;
  /** Extra headers a browser would send to this target (for actions: Next-Action and friends). */
  headers: fc.Arbitrary<Array<[string, Value]>>;
  /** Roles that hold the permission: half the cases use one, so hostile values get past the permission check. */
  mayAct?: readonly string[];
  /** How often the target is drawn against the others (1 unless said). */
  weight?: number;
};

export type Catalogue = { bundle: { collections: string[]; kinds: string[]; authorities: string[] } };

const fixed = (...segments: string[]) => fc.constant(segments);
const noHeaders = fc.constant([] as Array<[string, Value]>);
const noBody = fc.constant<Body>({ kind: 'none' });

/** Some of the named parameters, each with a hostile or valid value, sometimes repeated, sometimes unknown. */
function params(fields: Record<string, readonly (Value | fc.Arbitrary<Value>)[]>) {
  const entries = Object.entries(fields).map(([name, valid]) =>
    fc.tuple(fc.constant(name), fieldValueOf(valid)),
  );
  const unknown = fc.tuple(fc.constantFrom('x', '__proto__', 'callbackUrl', ''), hostileText);
  return fc
    .tuple(
      entries.length ? fc.subarray(entries).chain((chosen) => fc.tuple(...chosen)) : fc.constant([]),
      fc.option(unknown, { freq: 8 }),
      fc.option(entries.length ? fc.oneof(...entries) : unknown, { freq: 8 }),
    )
    .map(([named, extra, repeated]) => {
      const list = [...(named as Array<[string, Value]>)];
      if (extra) list.push(extra);
      if (repeated) list.push(repeated as [string, Value]);
      return list;
    });
}

function fieldValueOf(valid: readonly (Value | fc.Arbitrary<Value>)[]): fc.Arbitrary<Value> {
  const constants = valid.filter((value): value is Value => !isArb(value));
  const arbitraries = valid.filter(isArb);
  if (arbitraries.length === 0) return fieldValue(constants);
  return fc.oneof(
    { arbitrary: fieldValue(constants), weight: 3 },
    { arbitrary: fc.oneof(...arbitraries), weight: 1 },
  );
}

function isArb(value: unknown): value is fc.Arbitrary<Value> {
  return typeof value === 'object' && value !== null && 'generate' in value;
}

const uuid = fc.uuid() as fc.Arbitrary<Value>;
const approvers = ['approver-L1', 'approver-L2', 'approver-L4', 'proposer'];
const signedIn = ['viewer', 'operator', 'auditor', ...approvers, 'owner'];
const readers = ['operator', 'auditor', ...approvers, 'owner'];
/** Tier numbers past 2^53, alone or as a short range: where float arithmetic stops counting. */
const pastSafeIntegers = fc
  .tuple(fc.bigInt({ min: 2n ** 53n - 2n, max: 2n ** 70n }), fc.integer({ min: 0, max: 3 }))
  .map(([from, span]): Value => (span === 0 ? `${from}` : `${from}-${from + BigInt(span)}`));
const environments = ['production', 'clone', 'staging', 'PRODUCTION', 'directus'];
const callbackUrls = ['/', '3', 'http://evil.example/', '//evil.example', '/ünïcödé', '/😀', ref('origin')];

/** A urlencoded form or a multipart body of the given fields, now and then in a type the route does not read. */
function formBody(fields: Record<string, readonly (Value | fc.Arbitrary<Value>)[]>): fc.Arbitrary<Body> {
  return fc.oneof(
    { arbitrary: params(fields).map((list): Body => ({ kind: 'urlencoded', fields: list })), weight: 6 },
    {
      arbitrary: fc
        .tuple(params(fields), fc.boolean())
        .map(([list, broken]): Body => ({ kind: 'multipart', fields: list, broken })),
      weight: 2,
    },
    { arbitrary: badBody, weight: 2 },
  );
}

const badBody: fc.Arbitrary<Body> = fc.oneof(
  { arbitrary: noBody, weight: 2 },
  {
    arbitrary: fc
      .oneof(
        fc.constantFrom('{', '[', '{"a":', 'null', '[]', '"\\ud800"', '{"__proto__":{"x":1}}', '\0'),
        fc.jsonValue().map((value) => JSON.stringify(value)),
        hostileText,
      )
      .map((text): Body => ({ kind: 'text', text })),
    weight: 4,
  },
  {
    arbitrary: fc
      .constantFrom(1_048_476, 1_048_576, 1_048_577, 2_097_152)
      .map((bytes): Body => ({ kind: 'oversize', bytes })),
    weight: 1,
  },
);

const get = (name: string, path: Target['path'], query: Target['query'] = fc.constant([])): Target => ({
  name: `GET ${name}`,
  method: 'GET',
  path,
  query,
  body: noBody,
  headers: noHeaders,
});

const readersOnly = (...args: Parameters<typeof get>): Target => ({ ...get(...args), mayAct: readers });

/** The JSON routes under app/api (next-auth's apart). */
function jsonRoutes(catalogue: Catalogue): Target[] {
  const { collections, kinds, authorities } = catalogue.bundle;
  return [
    get('/api/status', fixed('api', 'status')),
    get('/api/readiness', fixed('api', 'readiness')),
    get('/api/gap-history', fixed('api', 'gap-history')),
    get('/api/runs', fixed('api', 'runs'), params({ limit: ['1', '25', '100', ...numberStrings] })),
    get('/api/runs/in-flight', fixed('api', 'runs', 'in-flight')),
    get(
      '/api/runs/[id]',
      fc
        .oneof(
          fc.constant<Value | { raw: string }>(ref('runId')),
          uuid,
          hostileText,
          fc.constantFrom({ raw: '%zz' }, { raw: '%' }, { raw: '%E0%A4%A' }, { raw: '%00' }, { raw: '..' }),
        )
        .map((id) => ['api', 'runs', id]),
    ),
    get(
      '/api/ownership',
      fixed('api', 'ownership'),
      params({
        environment: environments,
        search: collections.slice(0, 3),
        authority: authorities,
        offset: ['0', '10', ...numberStrings],
        limit: ['1', '500', ...numberStrings],
        format: ['csv', 'json'],
      }),
    ),
    readersOnly(
      '/api/provenance',
      fixed('api', 'provenance'),
      params({
        collection: collections.slice(0, 5),
        responsibility: kinds,
        environment: environments,
      }),
    ),
    readersOnly(
      '/api/proposals/[code]/attestation',
      fc
        .oneof(
          fc.constant<Value | { raw: string }>('APR-BOOT-AUTHMODEL-1'),
          hostileText,
          fc.constantFrom({ raw: '%zz' }, { raw: '%00' }, { raw: '..' }),
        )
        .map((code) => ['api', 'proposals', code, 'attestation']),
    ),
    readersOnly('/api/signing-key', fixed('api', 'signing-key')),
    readersOnly(
      '/api/audit/events',
      fixed('api', 'audit', 'events'),
      params({
        kind: ['access.denied', 'proposal.ratify', 'run.started'],
        actor: [ref('origin'), 'auditor', uuid],
        environment: environments,
        from: dateStrings,
        to: dateStrings,
        limit: ['1', '50', ...numberStrings],
        beforeSeq: ['1', '5', ...numberStrings],
      }),
    ),
    readersOnly(
      '/api/audit/checkpoints',
      fixed('api', 'audit', 'checkpoints'),
      params({ limit: ['1', '20', '100', ...numberStrings], beforeSize: ['1', '5', ...numberStrings] }),
    ),
    {
      ...get(
        '/api/audit/export',
        fixed('api', 'audit', 'export'),
        params({ format: ['json', 'csv', 'xml'] }),
      ),
      mayAct: ['auditor'],
    },
    {
      name: 'POST /api/audit/verify',
      mayAct: readers,
      method: 'POST',
      path: fixed('api', 'audit', 'verify'),
      query: fc.constant([]),
      body: badBody,
      headers: noHeaders,
    },
    {
      name: 'POST /api/step-up/oidc/start',
      method: 'POST',
      path: fixed('api', 'step-up', 'oidc', 'start'),
      query: fc.constant([]),
      body: formBody({ returnTo: ['/', '/proposals/APR-BOOT-AUTHMODEL-1', '//evil.example', 'http://x/'] }),
      headers: noHeaders,
    },
    get(
      '/api/step-up/oidc/callback',
      fixed('api', 'step-up', 'oidc', 'callback'),
      params({ state: [uuid], code: ['abc'], error: ['access_denied'], iss: [ref('origin')] }),
    ),
  ];
}

/** next-auth's own endpoints, reached through app/api/auth/[...nextauth]. */
function authRoutes(): Target[] {
  const credentials = {
    csrfToken: [ref('csrfToken')],
    email: ['viewer@test.local', 'nobody@test.local'],
    password: ['wrong password'],
    callbackUrl: callbackUrls,
    json: ['true'],
  };
  const auth = (method: string, segments: string[], query: Target['query'], body: fc.Arbitrary<Body>) => ({
    name: `${method} /api/auth/${segments.join('/')}`,
    method,
    path: fixed('api', 'auth', ...segments),
    query,
    body,
    headers: noHeaders,
  });
  const callback = params({ callbackUrl: callbackUrls, error: ['Configuration', '😀'] });
  return [
    auth('GET', ['session'], callback, noBody),
    auth('GET', ['csrf'], callback, noBody),
    auth('GET', ['providers'], callback, noBody),
    auth('GET', ['signin'], callback, noBody),
    auth('POST', ['signin', 'credentials'], callback, formBody(credentials)),
    auth('GET', ['signout'], callback, noBody),
    auth(
      'POST',
      ['signout'],
      callback,
      formBody({ csrfToken: [ref('csrfToken')], callbackUrl: callbackUrls }),
    ),
    auth('GET', ['callback', 'credentials'], callback, noBody),
    auth('POST', ['callback', 'credentials'], callback, formBody(credentials)),
    auth('GET', ['callback', 'oidc'], params({ code: ['abc'], state: [uuid] }), noBody),
    auth(
      'GET',
      ['error'],
      params({ error: ['Configuration', 'AccessDenied', '😀', 'Verification'] }),
      noBody,
    ),
    auth('POST', ['_log'], fc.constant([]), formBody({ level: ['error'], code: ['X'], message: ['m'] })),
    {
      name: 'GET /api/auth/[other]',
      method: 'GET',
      path: fc
        .oneof(hostileText, fc.constantFrom({ raw: '%zz' }, { raw: '%E0%A4%A' }, { raw: 'signin/%00' }))
        .map((segment) => ['api', 'auth', segment]),
      query: callback,
      body: noBody,
      headers: noHeaders,
    },
  ];
}

type ActionSpec = {
  mayAct: readonly string[];
  name: string;
  page: string[];
  fields: Record<string, readonly (Value | fc.Arbitrary<Value>)[]>;
};

const reason = ['Fuzzed reason for the record.', 'ab'];
/** Every server action in lib/actions, with the page that hosts it and the fields its form sends. */
export const actions: ActionSpec[] = [
  {
    name: 'startRunAction',
    mayAct: ['operator'],
    page: ['runs'],
    fields: { environment: environments, tiers: [...tierStrings, pastSafeIntegers] },
  },
  { name: 'resetCloneAction', mayAct: ['operator'], page: ['runs'], fields: {} },
  {
    name: 'authorizeStructureAction',
    mayAct: ['owner'],
    page: ['proposals', 'APR-BOOT-AUTHMODEL-1'],
    fields: {},
  },
  {
    name: 'ratifyProposalAction',
    mayAct: approvers,
    page: ['proposals', 'APR-BOOT-AUTHMODEL-1'],
    fields: {
      typedCode: ['APR-BOOT-AUTHMODEL-1'],
      // Never the real password: no fuzzed request may ratify, so any new ratification is a breach.
      password: ['wrong password'],
      stepUpGrant: [uuid],
      // A shape a browser gives, signed by no one: it must be refused like any forgery.
      passkeyResponse: [
        '{"id":"AA","rawId":"AA","type":"public-key","clientExtensionResults":{},"response":{"clientDataJSON":"e30","authenticatorData":"AA","signature":"AA"}}',
      ],
      digest: [ref('digest')],
      requestId: [uuid],
    },
  },
  {
    name: 'beginRatifyAssertionAction',
    mayAct: approvers,
    page: ['proposals', 'APR-BOOT-AUTHMODEL-1'],
    fields: { digest: [ref('digest')] },
  },
  {
    name: 'revokeRatificationAction',
    mayAct: approvers,
    page: ['proposals', 'APR-BOOT-AUTHMODEL-1'],
    fields: { ratificationId: [ref('ratificationId'), uuid], reason },
  },
  {
    name: 'voidApprovalRowAction',
    mayAct: approvers,
    page: ['readiness'],
    fields: { approvalRowId: [ref('approvalRowId'), uuid], reason },
  },
  {
    name: 'createPersonalTokenAction',
    mayAct: signedIn,
    page: ['settings', 'tokens'],
    fields: { name: ['fuzz laptop'], days: ['1', '30', '90', '365', ...numberStrings] },
  },
  {
    name: 'revokePersonalTokenAction',
    mayAct: ['operator'],
    page: ['settings', 'tokens'],
    fields: { tokenId: [ref('tokenId'), uuid] },
  },
  { name: 'beginPasskeyRegistrationAction', mayAct: approvers, page: ['settings', 'passkeys'], fields: {} },
  {
    name: 'finishPasskeyRegistrationAction',
    mayAct: approvers,
    page: ['settings', 'passkeys'],
    fields: {
      name: ['fuzz key'],
      response: ['{}', '{"id":"AA","rawId":"AA","type":"public-key","response":{}}', 'not json'],
      // Never the real password: no fuzzed request may register a passkey.
      password: ['wrong password'],
      stepUpGrant: [uuid],
      assertion: ['{}'],
    },
  },
  {
    name: 'renamePasskeyAction',
    mayAct: approvers,
    page: ['settings', 'passkeys'],
    fields: { passkeyId: [uuid], name: ['fuzz key'] },
  },
  { name: 'beginPasskeyRemovalAction', mayAct: approvers, page: ['settings', 'passkeys'], fields: {} },
  {
    name: 'removePasskeyAction',
    mayAct: approvers,
    page: ['settings', 'passkeys'],
    fields: { passkeyId: [uuid], assertion: ['{}', 'not json'] },
  },
  {
    name: 'acknowledgeDriftAction',
    mayAct: ['owner'],
    page: ['drift'],
    fields: {
      environment: environments,
      reason,
      seenDriftId: ['', '1', '9223372036854775807', ...numberStrings],
      seenTierHashes: ['', `3:${'a'.repeat(64)}`, '3:x,4:y'],
    },
  },
  {
    name: 'reapplyDriftedTierAction',
    mayAct: ['operator'],
    page: ['drift'],
    fields: { environment: environments, tier: [...tierStrings, '4'] },
  },
];

const otherPages = [
  [''],
  ['runs'],
  ['readiness'],
  ['settings', 'tokens'],
  ['settings', 'passkeys'],
  ['proposals', 'APR-BOOT-AUTHMODEL-1'],
  ['proposals', 'NO-SUCH'],
  ['api', 'status'],
  ['no-such-page'],
];

const routerTree = (page: string[]) =>
  encodeURIComponent(
    JSON.stringify([
      '',
      {
        children: [...page.filter(Boolean).map((s) => s), '__PAGE__'].reduceRight<unknown>(
          (inner, segment) => [segment, { children: inner }],
          {},
        ),
      },
      null,
      null,
      true,
    ]),
  );

/**
 * An action called as React calls it from a page (multipart reply: the form's
 * fields as `_1_<field>`, then "0", the argument list, last: the server reads
 * the stream in order and resolves the arguments when "0" arrives), or as a
 * form posts without JavaScript, or with arguments that are not form data.
 */
function actionTarget(spec: ActionSpec): Target {
  const prevState = JSON.stringify({ ok: false, message: '' });
  const reply = params(spec.fields).map((list) => [
    ...list.map(([name, value]): [string, Value] => [`_1_${name}`, value]),
    ['0', `[${prevState},"$K1"]`] as [string, Value],
  ]);
  const notFormData = fc
    .oneof(
      fc.constantFrom(
        '[]',
        '[null]',
        `[${prevState}]`,
        `[${prevState},"tiers"]`,
        `[${prevState},{"tiers":"1"}]`,
      ),
      fc.constantFrom('["$K1"]', '["$@1"]', '[{},"$Q1"]', '["$T"]', '"$K1"', '{', '\0', '["\\ud800"]'),
      fc.jsonValue().map((value) => JSON.stringify([JSON.parse(prevState), value])),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      hostileText,
    )
    .map((text): Body => ({ kind: 'text', text }));
  const body: fc.Arbitrary<Body> = fc.oneof(
    { arbitrary: reply.map((fields): Body => ({ kind: 'multipart', fields, broken: false })), weight: 8 },
    { arbitrary: notFormData, weight: 3 },
    {
      arbitrary: fc.tuple(reply, hostileText).map(
        ([fields, zero]): Body => ({
          kind: 'multipart',
          fields: [...fields.slice(0, -1), ['0', zero]],
          broken: false,
        }),
      ),
      weight: 1,
    },
    { arbitrary: reply.map((fields): Body => ({ kind: 'multipart', fields, broken: true })), weight: 1 },
    {
      arbitrary: params(spec.fields).map(
        // The form a browser posts without JavaScript: the id is a field; the sender drops the Next-Action header.
        (list): Body => ({ kind: 'urlencoded', fields: [[NO_JS_ACTION_FIELD, ''], ...list] }),
      ),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom(1_048_476, 1_048_577, 2_097_152)
        .map((bytes): Body => ({ kind: 'oversize', bytes })),
      weight: 1,
    },
  );
  const actionId = fc.oneof(
    { arbitrary: fc.constant<Value>(ref('actionId')), weight: 10 },
    { arbitrary: fc.constant<Value>(ref('otherActionId')), weight: 1 },
    {
      arbitrary: fc.constantFrom<Value>('', 'a'.repeat(42), '0'.repeat(42), '7f'.repeat(200), 'x y'),
      weight: 1,
    },
  );
  const tree = fc.oneof(
    { arbitrary: fc.constant<Value>(routerTree(spec.page)), weight: 4 },
    { arbitrary: fc.constantFrom<Value>('', '%zz', '[]', 'null', '%5B%22', 'x'.repeat(5000)), weight: 1 },
  );
  return {
    name: `ACTION ${spec.name}`,
    mayAct: spec.mayAct,
    weight: 2,
    method: 'POST',
    path: fc.oneof(
      { arbitrary: fc.constant(spec.page), weight: 8 },
      { arbitrary: fc.constantFrom(...otherPages), weight: 1 },
    ),
    query: fc.oneof(
      { arbitrary: fc.constant([] as Array<[string, Value]>), weight: 6 },
      { arbitrary: params({ callbackUrl: ['/'] }), weight: 1 },
    ),
    body,
    headers: fc.tuple(actionId, fc.option(tree, { freq: 3 }), fc.boolean()).map(([id, state, accept]) => {
      const headers: Array<[string, Value]> = [['Next-Action', id]];
      if (state !== null) headers.push(['Next-Router-State-Tree', state]);
      if (accept) headers.push(['Accept', 'text/x-component']);
      return headers;
    }),
  };
}

export function catalogue(options: Catalogue): Target[] {
  return [...jsonRoutes(options), ...authRoutes(), ...actions.map(actionTarget)];
}

/** Stands for `$ACTION_ID_<id>`, named when the case is sent. */
export const NO_JS_ACTION_FIELD = '$ACTION_ID_';

export const isRef = (value: unknown): value is Ref =>
  typeof value === 'object' && value !== null && 'ref' in value;
