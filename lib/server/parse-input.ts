import 'server-only';
import type { z } from 'zod';
import { DomainError } from '@/lib/errors';

/** Validates a domain function's input; the first problem, naming its field, becomes an INVALID_INPUT refusal. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.');
  throw new DomainError(
    'INVALID_INPUT',
    field ? `${field} ${issue?.message}` : (issue?.message ?? 'Invalid input.'),
  );
}
