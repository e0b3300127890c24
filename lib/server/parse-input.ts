import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';

/** Above any field this app takes (the longest is a reason of 500 characters), far below a flood. */
const MAX_TEXT = 4096;

/** The first string in `input` that no field may hold: oversized, or with a NUL PostgreSQL refuses in text. */
function unboundedText(input: unknown, path: string, depth = 0): string | null {
  if (typeof input === 'string') {
    if (input.length > MAX_TEXT) return `${path || 'input'} is longer than ${MAX_TEXT} characters`;
    if (input.includes('\0')) return `${path || 'input'} holds a NUL character`;
    return /\p{Cs}/u.test(input) ? `${path || 'input'} holds broken Unicode (a lone surrogate)` : null;
  }
  if (typeof input !== 'object' || input === null || depth > 8) return null;
  for (const [key, value] of Object.entries(input)) {
    const problem = unboundedText(value, path ? `${path}.${key}` : key, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/**
 * Validates a domain function's input; the first problem, naming its field,
 * becomes an INVALID_INPUT refusal. Every string is bounded and NUL-free before
 * the schema (or anything after it) looks at it.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const unbounded = unboundedText(input, '');
  if (unbounded) throw new DomainError('INVALID_INPUT', unbounded);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.');
  throw new DomainError(
    'INVALID_INPUT',
    field ? `${field} ${issue?.message}` : (issue?.message ?? 'Invalid input.'),
  );
}

/** A text field of an action or route: at most `max` characters, none of them NUL or a lone surrogate. */
export function boundedText(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !value.includes('\0'), 'must not hold a NUL character')
    .refine((value) => !/\p{Cs}/u.test(value), 'must not hold broken Unicode');
}
