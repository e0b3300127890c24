import { z } from 'zod';

/**
 * Explicit domains for the values people type into queries and forms. Each
 * takes the text as it arrived (or the value already parsed from it, so a
 * domain function can check again what a route parsed) and accepts only
 * ASCII digits, in a bounded length, within a stated range.
 */

/** No NUL (PostgreSQL refuses it in text), no other control character, no lone surrogate (not UTF-8). */
function isPlain(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  return !/[\u0000-\u001f\u007f]|\p{Cs}/u.test(value);
}

export function plainText(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine(isPlain, 'must not hold control characters or broken Unicode');
}

export function wholeNumber(options: { min: number; max: number }) {
  const domain = `must be a whole number from ${options.min} to ${options.max}, in digits`;
  const digits = String(options.max).length;
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .regex(new RegExp(`^(0|[1-9][0-9]{0,${digits - 1}})$`))
          .transform(Number),
      ],
      { error: domain },
    )
    .pipe(z.number({ error: domain }).int(domain).min(options.min, domain).max(options.max, domain));
}

/** The largest value of PostgreSQL's bigint, which holds the audit chain's seq. */
const MAX_BIGINT = 9223372036854775807n;

export function sequenceNumber() {
  const domain = 'must be a seq: a whole number from 1 to 9223372036854775807, in digits';
  return z
    .union(
      [
        z.bigint(),
        z
          .string()
          .regex(/^[1-9][0-9]{0,18}$/)
          .transform(BigInt),
      ],
      { error: domain },
    )
    .pipe(z.bigint().min(1n, domain).max(MAX_BIGINT, domain));
}

const EARLIEST = new Date('1970-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T23:59:59.999Z');
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Reads an ISO 8601 date or time (UTC when it names no zone); null unless every part is in its range. */
function readIsoDate(text: string): Date | null {
  const match = ISO.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second, Number(ms.padEnd(3, '0'))));
  // Date.UTC rolls 2026-02-30 over to March: a date whose parts do not come back was out of range.
  if (
    local.getUTCMonth() !== month - 1 ||
    local.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  if (zone === 'Z') return local;
  const [zoneHour, zoneMinute] = zone.slice(1).split(':').map(Number) as [number, number];
  if (zoneHour > 14 || zoneMinute > 59) return null;
  const offset = (zone.startsWith('-') ? -1 : 1) * (zoneHour * 60 + zoneMinute) * 60_000;
  return new Date(local.getTime() - offset);
}

export function isoDate() {
  const domain = 'must be a date from 1970 to 9999, such as 2026-11-24 or 2026-11-24T10:00:00Z';
  return z
    .union(
      [
        z.date(),
        z.string().transform((text, ctx) => {
          const date = readIsoDate(text);
          if (date) return date;
          ctx.addIssue({ code: 'custom', message: domain });
          return z.NEVER;
        }),
      ],
      { error: domain },
    )
    .pipe(z.date({ error: domain }).min(EARLIEST, domain).max(LATEST, domain));
}
