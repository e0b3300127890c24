import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type SqlTokenKind, tokenizeSql } from '@/components/proposal/tokenize-sql';

const kinds = (sql: string) =>
  tokenizeSql(sql)
    .filter((t) => t.kind !== 'plain')
    .map((t) => [t.kind, t.text]);

describe('tokenizeSql', () => {
  const cases: [string, string, [SqlTokenKind, string][]][] = [
    [
      'keywords in any case',
      'select 1 From t',
      [
        ['keyword', 'select'],
        ['number', '1'],
        ['keyword', 'From'],
      ],
    ],
    ['a string holding a comment marker', "'a -- b'", [['string', "'a -- b'"]]],
    [
      'a comment holding a quote',
      "-- it's\nSELECT",
      [
        ['comment', "-- it's"],
        ['keyword', 'SELECT'],
      ],
    ],
    [
      'a doubled quote inside a string',
      "'it''s' AS x",
      [
        ['string', "'it''s'"],
        ['keyword', 'AS'],
      ],
    ],
    ['an E string with a backslash quote', "E'a\\'b' x", [['string', "E'a\\'b'"]]],
    [
      'nested block comments',
      '/* a /* b */ c */ SELECT',
      [
        ['comment', '/* a /* b */ c */'],
        ['keyword', 'SELECT'],
      ],
    ],
    [
      'a dollar-quoted body',
      'DO $gate$ BEGIN $gate$;',
      [
        ['keyword', 'DO'],
        ['string', '$gate$ BEGIN $gate$'],
      ],
    ],
    ['a tuple in a comment is a comment', "-- ('a', 'b', 'c')", [['comment', "-- ('a', 'b', 'c')"]]],
    ['quoted identifiers are not keywords', '"select"', []],
    ['a keyword inside a word is not one', 'selection tier_1', []],
    ['an unterminated string runs to the end', "'open", [['string', "'open"]]],
    ['an unterminated comment runs to the end', '/* open', [['comment', '/* open']]],
    [
      'positional parameters are not dollar quotes',
      'WHERE id = $1',
      [
        ['keyword', 'WHERE'],
        ['number', '1'],
      ],
    ],
  ];
  it.each(cases)('%s', (_, sql, expected) => {
    expect(kinds(sql)).toEqual(expected);
    expect(
      tokenizeSql(sql)
        .map((t) => t.text)
        .join(''),
    ).toBe(sql);
  });

  it('loses no byte of any shipped tier file', () => {
    const dir = 'releases/one-roof-authmodel';
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.sql'))) {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      expect(
        tokenizeSql(sql)
          .map((t) => t.text)
          .join(''),
      ).toBe(sql);
    }
  });
});
