import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { wireValue } from './wire-query';

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
