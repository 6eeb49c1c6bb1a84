import fc from 'fast-check';
import { JSONPath } from 'jsonpath-plus';
import { describe, expect, it } from 'vitest';
import { compilePath, parsePath, resolvePath } from './path';
import { tokenizePath } from './path-tokens';

/** Pieces of paths, hostile ones included. */
const piece = fc.constantFrom(
  '$',
  '.',
  '..',
  '[',
  ']',
  "'",
  '"',
  '?(',
  '@',
  '*',
  '`',
  ',',
  ':',
  '-1',
  '#1',
  '^',
  '~',
  '__proto__',
  'constructor',
  'prototype',
  'length',
  '0',
  '1',
  'a',
  'b',
  'x y',
  '\\',
  '(',
  ')',
);
const hostile = fc.oneof(
  fc.string(),
  fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
);

const key = fc.constantFrom('a', 'b', '0', '1', 'length', 'x y', 'a.b', '*', '$', '..', '@t', '');
const step = fc.oneof(
  key.map((k) => `.${k}`),
  key.map((k) => `['${k}']`),
  key.map((k) => `["${k}"]`),
  key.map((k) => `.\`${k}`),
  fc.nat(3).map((n) => `[${n}]`),
  fc.nat(3).map((n) => `.${n}`),
  fc.constantFrom('[*]', '.*', '..', '..*', '[-1:]', '[0:2]', '[1:]', '[::2]', '[:-1]', '[0,1]', "['a','b']"),
);
const path = fc.oneof(
  { weight: 5, arbitrary: fc.array(step, { maxLength: 4 }).map((parts) => `$${parts.join('')}`) },
  {
    weight: 1,
    arbitrary: fc.array(step, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('').slice(1)),
  },
  { weight: 1, arbitrary: hostile },
);
const json = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(1, 0, 'ab', '', null, true),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(key, tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** json-rules-engine 7.3's default resolver, or the fact that it threw. */
function jre(p: string, value: object): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSONPath({ path: p, json: value, wrap: false }) };
  } catch {
    return { ok: false };
  }
}

describe('resolvePath (properties)', () => {
  it('splits every path into the tokens jsonpath-plus makes', () => {
    fc.assert(
      fc.property(fc.oneof(path, hostile), (p) => {
        fc.pre(!(p in Object.prototype));
        expect(tokenizePath(p)).toEqual(JSONPath.toPathArray(p));
      }),
      { numRuns: 3000 },
    );
  });

  it('resolves every path it accepts exactly as json-rules-engine does', () => {
    fc.assert(
      fc.property(path, json, (p, value) => {
        fc.pre(typeof value === 'object' && value !== null && parsePath(p).ok && p !== '');
        const expected = jre(p, value as object);
        let actual: { ok: true; value: unknown } | { ok: false };
        try {
          actual = { ok: true, value: resolvePath(value, p) };
        } catch {
          actual = { ok: false };
        }
        expect(actual).toEqual(expected);
        if (actual.ok) expect(compilePath(p)(value)).toEqual(actual.value);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on hostile paths and never reaches a prototype', () => {
    const value = { a: { b: [1, { c: 2 }] }, 'x y': 3, s: 'str' };
    fc.assert(
      fc.property(hostile, (p) => {
        const out = resolvePath(value, p);
        const outs = Array.isArray(out) ? out : [out];
        for (const o of outs) {
          expect(o === Object.prototype || o === Function.prototype || typeof o === 'function').toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
