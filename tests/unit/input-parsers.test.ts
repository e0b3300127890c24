import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isDomainError } from '@/lib/errors';
import { storableText } from '@/lib/server/audit/storable-text';
import { parseActionForm } from '@/lib/server/http/parse-action-form';
import { parseQuery } from '@/lib/server/http/parse-query';
import { routeQueries } from '@/lib/server/http/parse-route-queries';
import { boundedText, parseInput } from '@/lib/server/parse-input';
import { emailSchema } from '@/lib/server/users/user-input';

/**
 * Issue #8, 1: one table per parser of user input, with hostile values. A
 * row's expectation is what the parser returns, or `refused` for a refusal.
 */
const refused = Symbol('refused');
type Row = [string, unknown, unknown];

const huge = 'x'.repeat(10_000);
const loneSurrogate = 'a\uD800b';
/** A URL cannot carry a lone surrogate (it is encoded as U+FFFD), so queries get a bell instead. */
const hostileText: Row[] = [
  ['NUL', 'a\u0000b', refused],
  ['10k characters', huge, refused],
  ['a control character', 'a\u0007b', refused],
];

/**
 * The tier parser runs in a child with a timeout: before the fix 2^53+1 made
 * it loop for ever, and a hang must fail this test rather than the suite.
 */
function parseTiersInChild(inputs: string[]): (number[] | null)[] {
  const module = pathToFileURL(path.resolve(import.meta.dirname, '../../lib/tier-range.ts')).href;
  const script = `const { parseTierRange } = await import(${JSON.stringify(module)});
    process.stdout.write(JSON.stringify(${JSON.stringify(inputs)}.map((text) => parseTierRange(text))));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    timeout: 20_000,
    encoding: 'utf8',
  });
  if (child.status !== 0)
    throw new Error(`the tier parser hung or crashed (${child.signal ?? child.status})`);
  return JSON.parse(child.stdout);
}

describe('parseTierRange', () => {
  const rows: Row[] = [
    ['one tier', '3', [3]],
    ['a range', '1-6', [1, 2, 3, 4, 5, 6]],
    ['a list with spaces', '4, 1,2-3', [1, 2, 3, 4]],
    ['2^53+1', '9007199254740993', null],
    ['a range to 2^53+1', '1-9007199254740993', null],
    ['a range from 2^53+1', '9007199254740993-9007199254740994', null],
    ['1e309', '1e309', null],
    ['-0', '-0', null],
    ['zero', '0', null],
    ['a leading zero', '03', null],
    ['four digits', '1000', null],
    ['Arabic digits', '٣', null],
    ['full-width digits', '１-６', null],
    ['NUL', '1\u00002', null],
    ['10k characters', `1,${'2,'.repeat(5000)}3`, null],
    ['a lone surrogate', '1\uD800', null],
    ['a path', '../1', null],
    ['only whitespace', '   ', null],
    ['empty', '', null],
    ['a reversed range', '6-1', null],
    ['a dangling dash', '1-', null],
    ['a fraction', '1.5', null],
    ['a tab and newline', '1\t,\n2', null],
  ];
  it('reads tier lists and refuses every hostile value, without hanging', () => {
    const results = parseTiersInChild(rows.map(([, input]) => input as string));
    expect(rows.map(([label], i) => [label, results[i]])).toEqual(rows.map(([label, , out]) => [label, out]));
  });
});

/** What a parser gives for one input: its value, or `refused` for an INVALID_INPUT refusal naming the field. */
function outcome(parse: () => unknown, field?: string): unknown {
  try {
    return parse();
  } catch (error) {
    if (isDomainError(error) && error.code === 'INVALID_INPUT') {
      if (field && !error.message.includes(field)) return `refused without naming ${field}: ${error.message}`;
      return refused;
    }
    throw error;
  }
}

const query = (search: string) => `http://app.test/api/x?${search}`;
const auditEventsQuery = (url: string) => parseQuery({ url, fields: routeQueries.auditEvents });
const auditExportQuery = (url: string) => parseQuery({ url, fields: routeQueries.auditExport });
const runsQuery = (url: string) => parseQuery({ url, fields: routeQueries.runs });
const checkTable = (rows: Row[], parse: (input: unknown) => unknown, field?: string) =>
  expect(rows.map(([label, input]) => [label, outcome(() => parse(input), field)])).toEqual(
    rows.map(([label, , out]) => [label, out]),
  );

describe('dates (/api/audit/events from and to)', () => {
  const rows: Row[] = [
    ['a date', '2026-11-24', { from: new Date('2026-11-24T00:00:00Z') }],
    ['a UTC time', '2026-11-24T10:00:00Z', { from: new Date('2026-11-24T10:00:00Z') }],
    ['a time with an offset', '2026-11-24T10:00+02:00', { from: new Date('2026-11-24T08:00:00Z') }],
    ['a time with milliseconds', '2026-11-24T10:00:00.250Z', { from: new Date('2026-11-24T10:00:00.250Z') }],
    ['a negative year', '-000001-01-01', refused],
    ['a six-digit year', '+275760-09-13T00:00:00Z', refused],
    ['year 10000', '10000-01-01', refused],
    ['before 1970', '1969-12-31', refused],
    ['February 30th', '2026-02-30', refused],
    ['hour 25', '2026-01-01T25:00Z', refused],
    ['Invalid Date', 'not-a-date', refused],
    ['a bare number', '0', refused],
    ['Arabic digits', '٢٠٢٦-٠١-٠١', refused],
    ['full-width digits', '２０２６-０１-０１', refused],
    ['a path', '../2026-01-01', refused],
    ['whitespace', ' 2026-01-01 ', refused],
    ...hostileText,
  ];
  it('takes ISO dates of 1970..9999 only', () => {
    checkTable(
      rows,
      (value) => ({
        from: auditEventsQuery(query(new URLSearchParams({ from: value as string }).toString())).from,
      }),
      'from',
    );
  });
});

describe('limits (/api/audit/events and /api/runs limit)', () => {
  const rows: Row[] = [
    ['absent', undefined, 100],
    ['a limit', '25', 25],
    ['the maximum', '1000', 1000],
    ['above the maximum', '1001', refused],
    ['zero', '0', refused],
    ['-0', '-0', refused],
    ['2^53+1', '9007199254740993', refused],
    ['1e309', '1e309', refused],
    ['1e3', '1e3', refused],
    ['hex', '0x10', refused],
    ['a fraction', '2.5', refused],
    ['a leading zero', '010', refused],
    ['Arabic digits', '٣', refused],
    ['full-width digits', '１０', refused],
    ['whitespace', ' 10', refused],
    ['empty', '', refused],
    ['a path', '../1', refused],
    ...hostileText,
  ];
  it('takes whole numbers in 1..1000 written in ASCII digits only', () => {
    checkTable(
      rows,
      (value) =>
        auditEventsQuery(
          query(value === undefined ? '' : new URLSearchParams({ limit: value as string }).toString()),
        ).limit,
      'limit',
    );
  });
  it('caps runs at 100', () => {
    expect(runsQuery(query('limit=100')).limit).toBe(100);
    expect(outcome(() => runsQuery(query('limit=101')), 'limit')).toBe(refused);
    expect(runsQuery(query('')).limit).toBe(25);
  });
});

describe('sequence numbers (/api/audit/events beforeSeq)', () => {
  const rows: Row[] = [
    ['a seq', '42', 42n],
    ['the largest bigint', '9223372036854775807', 9223372036854775807n],
    ['past the largest bigint', '9223372036854775808', refused],
    ['twenty nines', '99999999999999999999', refused],
    ['2^53+1', '9007199254740993', 9007199254740993n],
    ['zero', '0', refused],
    ['-0', '-0', refused],
    ['1e309', '1e309', refused],
    ['Arabic digits', '٣', refused],
    ['full-width digits', '４２', refused],
    ['whitespace', '42 ', refused],
    ['empty', '', refused],
    ...hostileText,
  ];
  it('takes positive whole numbers that fit a bigint column', () => {
    checkTable(
      rows,
      (value) =>
        auditEventsQuery(query(new URLSearchParams({ beforeSeq: value as string }).toString())).beforeSeq,
      'beforeSeq',
    );
  });
});

describe('text filters and kinds (/api/audit/events actor, environment, kind)', () => {
  const rows: Row[] = [
    ['a name', 'alice', { actor: 'alice' }],
    ['an email', 'alice@test.local', { actor: 'alice@test.local' }],
    ['a uuid', '5b0f0a64-6f4e-4a8d-9a5c-0c6b7c1d2e3f', { actor: '5b0f0a64-6f4e-4a8d-9a5c-0c6b7c1d2e3f' }],
    ['200 characters', 'a'.repeat(200), { actor: 'a'.repeat(200) }],
    ['201 characters', 'a'.repeat(201), refused],
    ['a path', '../../etc/passwd', { actor: '../../etc/passwd' }],
    ...hostileText,
  ];
  it('bounds free-text filters', () => {
    checkTable(
      rows,
      (value) => {
        const parsed = auditEventsQuery(query(new URLSearchParams({ actor: value as string }).toString()));
        return { actor: parsed.actor };
      },
      'actor',
    );
  });
  const kinds: Row[] = [
    ['a kind', 'run.started', 'run.started'],
    ['an unknown kind', 'run.exploded', refused],
    ['a path', '../run.started', refused],
    ['upper case', 'RUN.STARTED', refused],
    ...hostileText,
  ];
  it('takes only known kinds', () => {
    checkTable(
      kinds,
      (value) => auditEventsQuery(query(new URLSearchParams({ kind: value as string }).toString())).kind,
      'kind',
    );
  });
});

describe('formats (/api/audit/export format)', () => {
  const rows: Row[] = [
    ['absent', undefined, 'json'],
    ['json', 'json', 'json'],
    ['csv', 'csv', 'csv'],
    ['upper case', 'JSON', refused],
    ['xml', 'xml', refused],
    ['empty', '', refused],
    ['a path', '../json', refused],
    ['whitespace', ' csv', refused],
    ...hostileText,
  ];
  it('takes json or csv only', () => {
    checkTable(
      rows,
      (value) =>
        auditExportQuery(
          query(value === undefined ? '' : new URLSearchParams({ format: value as string }).toString()),
        ).format,
      'format',
    );
  });
});

describe('query shape (every route)', () => {
  const rows: Row[] = [
    ['no parameters', '', {}],
    ['an unknown parameter', 'colour=red', refused],
    ['a repeated parameter', 'limit=1&limit=2', refused],
    ['17 parameters', Array.from({ length: 17 }, (_, i) => `p${i}=1`).join('&'), refused],
    ['a 10k-character name', `${huge}=1`, refused],
    ['a NUL in a name', 'a%00=1', refused],
  ];
  it('refuses unknown, repeated and oversized parameters', () => {
    checkTable(rows, (search) => parseQuery({ url: query(search as string), fields: {} }));
  });
});

describe('action form data (every server action)', () => {
  const form = (entries: [string, string | Blob][]) => {
    const data = new FormData();
    for (const [name, value] of entries) data.append(name, value);
    return data;
  };
  const rows: Row[] = [
    ['form data', form([['tiers', '1-6']]), { tiers: '1-6' }],
    ['empty form data', form([]), {}],
    [
      "React's action fields",
      form([
        ['$ACTION_ID_abc', ''],
        ['reason', 'ok'],
      ]),
      { reason: 'ok' },
    ],
    ['a string', 'tiers=1-6', refused],
    ['a number', 42, refused],
    ['an array', [['tiers', '1-6']], refused],
    ['null', null, refused],
    ['undefined', undefined, refused],
    ['a plain object', { tiers: '1-6' }, refused],
    ['a Map', new Map([['tiers', '1-6']]), refused],
    ['a file', form([['tiers', new Blob(['1-6'])]]), refused],
    ['NUL', form([['reason', 'a\u0000b']]), refused],
    ['10k characters', form([['reason', huge]]), refused],
    [
      'a lone surrogate, which FormData makes U+FFFD',
      form([['reason', loneSurrogate]]),
      { reason: 'a\uFFFDb' },
    ],
    ['a line break in a reason', form([['reason', 'one\ntwo']]), { reason: 'one\ntwo' }],
    ['a control character in a name', form([['a\u0007', '1']]), refused],
    ['a 10k-character name', form([[huge, '1']]), refused],
    ['100 fields', form(Array.from({ length: 100 }, (_, i) => [`f${i}`, '1'] as [string, string])), refused],
  ];
  it('takes FormData of bounded text fields only', () => {
    checkTable(rows, (input) => parseActionForm(input));
  });
});

describe('text stored with a refusal (record-refusal)', () => {
  const rows: Row[] = [
    ['plain text', 'provenance:x/y', 'provenance:x/y'],
    ['NUL', 'a\u0000b', 'a\uFFFDb'],
    ['a lone surrogate', loneSurrogate, 'a\uFFFDb'],
    ['a pair kept whole', 'a😀b', 'a😀b'],
    ['10k characters', huge, `${'x'.repeat(499)}…`],
    ['a pair at the cut', `${'x'.repeat(498)}😀😀`, `${'x'.repeat(498)}…`],
  ];
  it('keeps text PostgreSQL accepts and a bounded length', () => {
    checkTable(rows, (text) => storableText(text as string, 500));
  });
});

describe('domain function input (parseInput with boundedText)', () => {
  const schema = z.object({ name: boundedText(80) });
  const rows: Row[] = [
    ['a name', { name: 'alice' }, { name: 'alice' }],
    ['80 characters', { name: 'a'.repeat(80) }, { name: 'a'.repeat(80) }],
    ['81 characters', { name: 'a'.repeat(81) }, refused],
    ['NUL', { name: 'a\u0000b' }, refused],
    ['a lone surrogate', { name: loneSurrogate }, refused],
    ['10k characters', { name: huge }, refused],
    ['NUL nested past the schema', { name: 'a', extra: { deeper: ['\u0000'] } }, refused],
    ['a number', { name: 42 }, refused],
    ['null', null, refused],
  ];
  it('bounds every string before the schema runs', () => {
    checkTable(rows, (input) => parseInput(schema, input));
  });
});

describe('e-mail addresses (users and sign-in)', () => {
  const rows: Row[] = [
    ['an address', 'Alice@Test.Local', 'alice@test.local'],
    ['surrounding spaces', '  bob@test.local ', 'bob@test.local'],
    ['255 characters', `${'a'.repeat(245)}@test.local`, refused],
    ['10k characters', `${huge}@test.local`, refused],
    ['NUL', 'a\u0000@test.local', refused],
    ['a path', '../@test.local', refused],
    ['empty', '', refused],
  ];
  it('takes bounded addresses, lower-cased', () => {
    checkTable(rows, (input) => parseInput(z.object({ email: emailSchema }), { email: input }).email);
  });
});
