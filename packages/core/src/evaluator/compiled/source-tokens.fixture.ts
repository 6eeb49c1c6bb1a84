import { expect } from 'vitest';
import { HELPERS } from './codegen/emit-leaf';

/** Words the code generator writes itself: keywords, its parameters, helpers and locals' letters. */
const WORDS = new Set([
  ...['use', 'strict', 'const', 'let', 'return', 'function', 'switch', 'case', 'if', 'void', 'typeof'],
  ...['try', 'catch', 'err', 'then', 'bail', 'value', 'B'],
  ...[
    'null',
    'true',
    'false',
    'C',
    'R',
    'P',
    'F',
    'V',
    'o',
    'a',
    'b',
    'out',
    'start',
    'at',
    'run',
    'indexOf',
  ],
  ...HELPERS,
]);
/** The only string literals it writes. */
const LITERALS = new Set(['"use strict"', '"object"', '"number"', '"function"', '"symbol"']);
const PUNCTUATION = new Set([...'(){}[];,.=!<>&|?:-']);
const GENERATED_NAME = /^[kvsfceo]\d+$/;

/**
 * Asserts that generated source is made only of tokens the code generator produces — its own words,
 * numbered names (`k3` constants, `f1` `v2` `e0` `o1` locals, `s1` steps, `c0` chunks), integers, a few fixed string literals and
 * punctuation — so no text from a rule file can be in it, whatever the rule says.
 */
export function expectOnlyOurTokens(source: string): void {
  const tokens = source.match(/"[^"]*"|[A-Za-z_$][\w$]*|\d+|\S/g) ?? [];
  const foreign = tokens.filter(
    (t) =>
      !(WORDS.has(t) || LITERALS.has(t) || PUNCTUATION.has(t) || GENERATED_NAME.test(t) || /^\d+$/.test(t)),
  );
  expect(foreign).toEqual([]);
}
