import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';

/** Far deeper than any action state this app returns, far shallower than what could exhaust a stack. */
export const MAX_ARGUMENT_DEPTH = 32;
// React's reply encoding: `$$` escapes a literal `$`; `$u`, `$N`, `$I`, `$-` and `$D` start undefined, NaN,
// ±Infinity, -0 and a date, whatever follows. Every other `$` names another part of the body.
const SELF_CONTAINED = /^\$[$uNI\-D]/;
const FORM_REFERENCE = /^\$K[0-9a-f]{1,8}$/;

/** A value that stands alone: no reference to another part of the body, and bounded depth. */
function isSelfContained(value: unknown, depth: number): boolean {
  if (depth > MAX_ARGUMENT_DEPTH) return false;
  if (typeof value === 'string') return !value.startsWith('$') || SELF_CONTAINED.test(value);
  if (value === null || typeof value !== 'object') return true;
  return Object.values(value).every((item) => isSelfContained(item, depth + 1));
}

/**
 * Every action here is called by useActionState as (previous state, form
 * data), which React encodes as a multipart body whose field "0" is
 * `[<state>, "$K<n>"]`. The state must stand alone: a reference to a part the
 * body never sent, or nesting deep enough to exhaust a stack, makes Next's
 * decoder throw, and Next answers that with 500.
 */
const argumentsSchema = z
  .tuple([z.unknown(), z.string().regex(FORM_REFERENCE)])
  .refine(
    ([state]) => isSelfContained(state, 1),
    'the previous state refers outside itself or nests too deep',
  );

function refuse(code: 'UNSUPPORTED_MEDIA_TYPE' | 'MALFORMED_REQUEST', message: string): never {
  throw new DomainError(code, message);
}

/**
 * Checks a page POST that Next would decode as a server action before Next
 * does: its type, that its multipart body parses, and the shape of the
 * arguments. Next itself answers 500 to each of these when malformed.
 */
export async function screenActionRequest({ request }: { request: Request }): Promise<void> {
  const type = request.headers.get('content-type') ?? '';
  // The same tests Next uses to decide that a POST is an action (a case-sensitive prefix for multipart).
  const multipart = type.startsWith('multipart/form-data');
  const fetchAction = request.headers.has('next-action');
  if (request.method !== 'POST' || (!multipart && !fetchAction)) return;
  if (!multipart)
    refuse('UNSUPPORTED_MEDIA_TYPE', 'A server action of this app takes form data (multipart/form-data).');
  if (!/;\s*boundary=/i.test(type)) refuse('MALFORMED_REQUEST', 'The multipart body names no boundary.');
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    refuse('MALFORMED_REQUEST', 'The multipart body does not parse.');
  }
  // A form posted without script: Next would call the action with the form alone, which no action here takes.
  // Nobody signed in here lacks script (signing in needs it), so such a post is never a person's.
  if (!fetchAction) {
    if ([...form.keys()].some((name) => name.startsWith('$ACTION_')))
      refuse(
        'MALFORMED_REQUEST',
        "This app's actions are called by its pages' script, not by a plain form post.",
      );
    return;
  }
  const root = form.get('0');
  let parsed: unknown;
  try {
    parsed = typeof root === 'string' ? JSON.parse(root) : undefined;
  } catch {}
  if (!argumentsSchema.safeParse(parsed).success)
    refuse('MALFORMED_REQUEST', 'The action arguments are not a previous state and form data.');
}
