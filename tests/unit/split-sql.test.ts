import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from '@/lib/server/bundle/split-sql';

describe('splitSqlStatements', () => {
  it('splits at semicolons and drops comment-only remainders', () => {
    expect(splitSqlStatements('SELECT 1;\n-- done\nSELECT 2;\n-- trailing')).toEqual([
      'SELECT 1;',
      '-- done\nSELECT 2;',
    ]);
  });

  it('keeps semicolons inside strings, identifiers, comments and dollar quotes', () => {
    const sql = [
      "INSERT INTO t VALUES ('a;b', 'it''s; fine');",
      'SELECT "odd;name" FROM t;',
      'SELECT 1 /* a; /* nested; */ b; */ + 1;',
      'DO $gate$ BEGIN PERFORM 1; END $gate$;',
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;',
      "SELECT E'back\\'slash;';",
    ].join('\n');
    expect(splitSqlStatements(sql)).toHaveLength(6);
  });

  it('does not take a positional parameter for a dollar quote', () => {
    expect(splitSqlStatements('SELECT $1; SELECT $2;')).toEqual(['SELECT $1;', 'SELECT $2;']);
  });

  it('rejects unterminated quoting instead of guessing', () => {
    expect(() => splitSqlStatements("SELECT 'open;")).toThrow(/unterminated string/);
    expect(() => splitSqlStatements('DO $x$ BEGIN END;')).toThrow(/unterminated dollar-quoted/);
    expect(() => splitSqlStatements('SELECT /* open')).toThrow(/unterminated/);
  });
});
