import 'server-only';

/**
 * Text as the audit chain can store it and hash it the same way on reading:
 * PostgreSQL refuses NUL in text and in jsonb, and a lone surrogate has no
 * UTF-8 form (the driver would store something other than what was hashed),
 * so both become U+FFFD; past `max` characters the text is cut, never inside
 * a surrogate pair, and marked with an ellipsis.
 */
export function storableText(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this replaces
  const clean = text.replace(/\u0000|\p{Cs}/gu, '\uFFFD');
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}
