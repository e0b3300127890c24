/** A statement's text from its first word, past any `--` comment lines before it. */
export function withoutLeadingComments(sql: string): string {
  return sql.trimStart().replace(/^(--[^\n]*\n\s*)*/, '');
}
