import 'server-only';
import { DomainError } from '@/lib/errors';
import { plainText } from '@/lib/parse-fields';

/** No form of this app has more fields, or longer names or values, than these. */
const FORM_LIMITS = { fields: 16, nameLength: 64, valueLength: 4096 };

/** React's own fields for a progressively enhanced form, which no action reads. */
const REACT_FIELD = /^\$ACTION_/;

const fieldName = plainText(FORM_LIMITS.nameLength);

/** Values may span lines (a reason typed in a text area), but hold no NUL and no lone surrogate. */
function valueProblem(value: string): string | null {
  if (value.length > FORM_LIMITS.valueLength) return `must be at most ${FORM_LIMITS.valueLength} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this refuses
  return /\u0000|\p{Cs}/u.test(value) ? 'must not hold a NUL character or broken Unicode' : null;
}

/**
 * A server action's arguments come from the request body, which anyone can
 * forge: the form must really be FormData, with a bounded number of text
 * fields (a file is refused, not turned into "[object File]"), each name and
 * value bounded and free of control characters and broken Unicode.
 */
export function parseActionForm(input: unknown): Record<string, string> {
  if (!(input instanceof FormData)) {
    throw new DomainError('INVALID_INPUT', 'The action was not sent a form; reload the page and try again.');
  }
  const fields: Record<string, string> = {};
  let count = 0;
  for (const [name, entry] of input) {
    count += 1;
    if (count > FORM_LIMITS.fields) {
      throw new DomainError('INVALID_INPUT', `The form has more than ${FORM_LIMITS.fields} fields.`);
    }
    if (!fieldName.safeParse(name).success) {
      throw new DomainError('INVALID_INPUT', 'The form has a field whose name is not valid.');
    }
    if (REACT_FIELD.test(name)) continue;
    if (typeof entry !== 'string')
      throw new DomainError('INVALID_INPUT', `${name} must be text, not a file.`);
    const problem = valueProblem(entry);
    if (problem) throw new DomainError('INVALID_INPUT', `${name} ${problem}.`);
    fields[name] = entry;
  }
  return fields;
}
