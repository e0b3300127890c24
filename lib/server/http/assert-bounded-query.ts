import 'server-only';
import { DomainError } from '@/lib/errors';

/** No query of this app names more, or longer, parameters than these. */
export const QUERY_LIMITS = { parameters: 16, nameLength: 32, valueLength: 256 };

/**
 * Refuses an oversized or malformed query before anything reads it: every
 * value a route passes on (to a lookup, a filter, an audit event) is short and
 * free of control characters such as NUL, which PostgreSQL refuses in text.
 */
export function assertBoundedQuery({ url }: { url: string }): void {
  const params = [...new URL(url).searchParams];
  const bad =
    params.length > QUERY_LIMITS.parameters
      ? `has more than ${QUERY_LIMITS.parameters} parameters`
      : params
          .map(([name, value]) =>
            name.length > QUERY_LIMITS.nameLength || value.length > QUERY_LIMITS.valueLength
              ? `${name.slice(0, QUERY_LIMITS.nameLength)} is longer than ${QUERY_LIMITS.valueLength} characters`
              : // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
                /[\u0000-\u001f\u007f]/.test(name + value)
                ? `${name.slice(0, QUERY_LIMITS.nameLength)} holds a control character`
                : null,
          )
          .find((problem) => problem !== null);
  if (bad) throw new DomainError('INVALID_INPUT', `The query ${bad}.`);
}
