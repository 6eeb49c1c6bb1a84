import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { WireQuery, wireValue } from './wire-query';

// `pg`'s own text form of a parameter: what `client.query` would send for the same value.
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils') as {
  prepareValue: (value: unknown) => unknown;
};

describe('wireValue', () => {
  it('sends every value a unit of work binds as pg would', () => {
    const values: unknown[] = [
      null,
      undefined,
      'plain',
      '{"json":"text with \\"quotes\\" and \\\\ backslashes"}\u0001null',
      1767225600000,
      -0.25,
      true,
      [],
      [
        'user:u1',
        'e.abc:ev 1',
        'key,with,commas',
        'q"uote',
        'back\\slash',
        '{braces}',
        'NULL',
        '',
        'ü 字 😀',
      ],
      [1767225600000, 2.5, null, -3],
      [null, 'f'.repeat(32)],
    ];
    for (const value of values) expect(wireValue(value)).toEqual(prepareValue(value));
  });
});

/** A connection that records the messages a `WireQuery` writes; `submitted` as pg 8.23+ has it, or absent. */
function recordingConnection(submitted: boolean) {
  const sent: string[] = [];
  const connection = {
    parse: (m: { name: string; text: string }) => sent.push(`parse ${m.name || '(unnamed)'} ${m.text}`),
    bind: (m: { statement: string; values: unknown[] }) =>
      sent.push(`bind ${m.statement || '(unnamed)'} ${JSON.stringify(m.values)}`),
    execute: () => sent.push('execute'),
    sync: () => sent.push('sync'),
    sendCopyFail: () => sent.push('copyFail'),
    stream: {},
    parsedStatements: {} as Record<string, string>,
    ...(submitted ? { submittedNamedStatements: {} as Record<string, string> } : {}),
  };
  return { connection, sent };
}

describe('WireQuery.submit', () => {
  const statement = { name: 'engageloop_test', text: 'SELECT $1::text' };
  for (const submitted of [true, false]) {
    it(`parses its statement once per connection, BEGIN in front, one Sync (pg ${submitted ? '≥ 8.23' : '< 8.23'})`, () => {
      const { connection, sent } = recordingConnection(submitted);
      new WireQuery(statement, ['a'], 'begin', () => {}).submit(connection);
      expect(sent).toEqual([
        'parse engageloop_test SELECT $1::text',
        'parse (unnamed) BEGIN',
        'bind (unnamed) []',
        'execute',
        'bind engageloop_test ["a"]',
        'execute',
        'sync',
      ]);
      // pg notes the statement as parsed on its ParseComplete; with it noted, the next call sends no Parse.
      connection.parsedStatements[statement.name] = statement.text;
      sent.length = 0;
      new WireQuery(statement, [['x', null]], 'commit', () => {}).submit(connection);
      expect(sent).toEqual([
        'bind engageloop_test ["{\\"x\\",NULL}"]',
        'execute',
        'parse (unnamed) COMMIT',
        'bind (unnamed) []',
        'execute',
        'sync',
      ]);
    });
  }
});
