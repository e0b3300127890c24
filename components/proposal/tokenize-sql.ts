export type SqlTokenKind = 'keyword' | 'string' | 'comment' | 'number' | 'plain';
export type SqlToken = { kind: SqlTokenKind; text: string };

const KEYWORDS = new Set(
  `ADD ALL ALTER AND ANY ARRAY AS ASC BEGIN BETWEEN BY CASCADE CASE CHECK COLUMN COMMENT CONSTANT CONSTRAINT
  CREATE CROSS DECLARE DEFAULT DEFERRABLE DELETE DESC DISTINCT DO DROP ELSE ELSIF END ERRCODE EXCEPTION EXECUTE
  EXISTS FOREIGN FOR FROM FULL FUNCTION GRANT GROUP HAVING IF IN INDEX INNER INSERT INTO IS JOIN KEY LANGUAGE
  LEFT LIMIT LOOP NOT NULL ON OR ORDER OUTER PERFORM PRIMARY RAISE REFERENCES RETURN RETURNS REVOKE RIGHT
  SCHEMA SELECT SET STABLE TABLE THEN TO TRIGGER TRUNCATE UNION UNIQUE UPDATE USING VALUES VIEW WHEN WHERE WITH`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Splits SQL into tokens for display. Lossless: the tokens' texts joined are
 * the input, byte for byte, so highlighting can never change what is shown.
 * Knows PostgreSQL's comments (nested block comments), quoted strings with
 * doubled quotes, E'' escapes and dollar quoting; all else is plain.
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const push = (kind: SqlTokenKind, text: string) => {
    const last = tokens.at(-1);
    if (last && last.kind === kind && kind === 'plain') last.text += text;
    else tokens.push({ kind, text });
  };
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i, i + 2);
    let end: number;
    let kind: SqlTokenKind = 'plain';
    if (rest === '--') {
      const newline = sql.indexOf('\n', i);
      end = newline < 0 ? sql.length : newline;
      kind = 'comment';
    } else if (rest === '/*') {
      end = blockCommentEnd(sql, i);
      kind = 'comment';
    } else if (
      sql[i] === "'" ||
      ((sql[i] === 'E' || sql[i] === 'e') && sql[i + 1] === "'" && !isWord(sql[i - 1]))
    ) {
      end = quotedEnd(sql, sql[i] === "'" ? i : i + 1, sql[i] !== "'");
      kind = 'string';
    } else if (sql[i] === '"') {
      const close = sql.indexOf('"', i + 1);
      end = close < 0 ? sql.length : close + 1;
    } else if (sql[i] === '$' && !isWord(sql[i - 1])) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        end = close < 0 ? sql.length : close + tag.length;
        kind = 'string';
      } else end = i + 1;
    } else if (/[0-9]/.test(sql[i] as string) && !isWord(sql[i - 1])) {
      end = i + (/^[0-9]+(\.[0-9]+)?/.exec(sql.slice(i))?.[0].length ?? 1);
      kind = 'number';
    } else if (isWord(sql[i])) {
      end = i + 1;
      while (end < sql.length && isWord(sql[end])) end += 1;
      if (KEYWORDS.has(sql.slice(i, end).toUpperCase())) kind = 'keyword';
    } else {
      end = i + 1;
    }
    push(kind, sql.slice(i, end));
    i = end;
  }
  return tokens;
}

function isWord(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_]/.test(char);
}

function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else i += 1;
  }
  return sql.length;
}

function quotedEnd(sql: string, quote: number, backslashEscapes: boolean): number {
  let i = quote + 1;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\') i += 2;
    else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
    else if (sql[i] === "'") return i + 1;
    else i += 1;
  }
  return sql.length;
}
