import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { assertBoundedQuery } from '@/lib/server/http/assert-bounded-query';

export type QueryFields = Record<string, z.ZodType>;
export type ParsedQuery<F extends QueryFields> = { [K in keyof F]: z.output<F[K]> };

/**
 * Reads a route's query into exactly the fields it names, each checked by its
 * schema. An unknown or repeated parameter is refused rather than ignored, so
 * no value reaches a lookup without having been checked against its domain.
 */
export function parseQuery<F extends QueryFields>(options: { url: string; fields: F }): ParsedQuery<F> {
  assertBoundedQuery({ url: options.url });
  const given: Record<string, string> = {};
  for (const [name, value] of new URL(options.url).searchParams) {
    if (!Object.hasOwn(options.fields, name)) {
      const known = Object.keys(options.fields);
      throw new DomainError(
        'INVALID_INPUT',
        `${name} is not a parameter of this request (${known.length ? `it takes ${known.join(', ')}` : 'it takes none'}).`,
      );
    }
    if (Object.hasOwn(given, name))
      throw new DomainError('INVALID_INPUT', `${name} is given more than once.`);
    given[name] = value;
  }
  const parsed = z.object(options.fields).safeParse(given);
  if (parsed.success) return parsed.data as ParsedQuery<F>;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? 'The query');
  throw new DomainError('INVALID_INPUT', `${field} ${issue?.message ?? 'is not valid'}.`, { field });
}
