import fc from 'fast-check';

/**
 * Values the app must refuse calmly. A generated value is either text or a
 * reference to something real in the fuzzed databases (a ratification id,
 * the digest...), resolved when the request is sent: the generator stays a
 * pure function of the seed, so a reported seed and path replay the same case.
 */
export type Ref = { ref: RefName };
export type RefName =
  | 'digest'
  | 'ratificationId'
  | 'approvalRowId'
  | 'runId'
  | 'tokenId'
  | 'csrfToken'
  | 'origin'
  | 'actionId'
  | 'otherActionId';
export type Value = string | Ref;

export const ref = (name: RefName): Ref => ({ ref: name });

const TEN_K = 'a'.repeat(10_000);

export const specialStrings = [
  '',
  ' ',
  '\0',
  'a\0b',
  '\u0001\u0008\u001f\u007f',
  '\r\n',
  '\t',
  '\ud800',
  'x\udfffy',
  '\udbff\udfff',
  '😀',
  '😀'.repeat(2_000),
  '\u202e\u200b\ufeff',
  'ß\u0130\u0131',
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '%C0%AF',
  '../../etc/passwd',
  "' OR 1=1 --",
  '"; DROP TABLE ratifications; --',
  '<script>alert(1)</script>',
  '$' + '{7*7}',
  '{{7*7}}',
  '$K1',
  '$@1',
  '$undefined',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  TEN_K,
  `${TEN_K}\0`,
] as const;

export const numberStrings = [
  '0',
  '-0',
  '-1',
  '1',
  '6',
  '7',
  '1.5',
  '1e3',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '0b1',
  ' 1 ',
  '+1',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740991',
  '9007199254740993',
  '-9007199254740993',
  '99999999999999999999',
  '1'.repeat(400),
] as const;

export const dateStrings = [
  '2026-11-27',
  '2026-11-27T12:00:00Z',
  '-000001-01-01',
  '+275760-09-13T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '0000-00-00',
  '2026-02-30',
  '2026-13-01',
  '1969-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999Z',
  '99999-01-01',
  'yesterday',
  '1e20',
] as const;

export const tierStrings = [
  '1',
  '3',
  '6',
  '1-6',
  '1,2',
  '1-2',
  '3-6',
  '6-1',
  '0',
  '7',
  '1-1001',
  '9007199254740993',
  '9007199254740992-9007199254740993',
  '1-9007199254740993',
  '1,,2',
  '1-',
  '-1',
  ' 1 - 2 ',
  '1.5',
  '１',
] as const;

/** Any text at all, weighted toward what breaks parsers. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...specialStrings), weight: 4 },
  { arbitrary: fc.constantFrom(...numberStrings), weight: 2 },
  { arbitrary: fc.constantFrom(...dateStrings), weight: 1 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.fullUnicodeString({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.double().map(String), weight: 1 },
  { arbitrary: fc.bigInt().map(String), weight: 1 },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: fc.date({ noInvalidDate: false }).map((date) => String(date.getTime())), weight: 1 },
  { arbitrary: fc.uuid(), weight: 1 },
);

/** A field's value: mostly hostile, sometimes one of the values the field accepts, sometimes a real id. */
export function fieldValue(valid: readonly Value[] = []): fc.Arbitrary<Value> {
  if (valid.length === 0) return hostileText;
  return fc.oneof(
    { arbitrary: hostileText as fc.Arbitrary<Value>, weight: 3 },
    { arbitrary: fc.constantFrom(...valid), weight: 2 },
  );
}

/** Percent-encodes text for a URL, lone surrogates included (as the invalid UTF-8 a raw client could send). */
export function encodeComponent(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += Buffer.from([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)])
        .toString('hex')
        .replace(/../g, (byte) => `%${byte.toUpperCase()}`);
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** Raw query fragments a browser would never send but a client can: they go into the URL as they are. */
export const rawQueryNoise = fc.constantFrom(
  '',
  '&',
  '&&=&',
  '&%zz=1',
  '&a=%',
  '&%E0%A4%A=%E0%A4%A',
  '&a[]=1&a[]=2',
  '&a[b]=c',
  '&=%00',
  '&%C0%80=%C0%80',
  `&${'x'.repeat(3000)}=1`,
);
