import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePath } from './path';

const hostile = fc.oneof(
  fc.string(),
  fc
    .array(
      fc.constantFrom(
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
        '__proto__',
        'constructor',
        'prototype',
        '0',
        'a',
        '\\',
        '(',
        ')',
      ),
      {
        maxLength: 12,
      },
    )
    .map((parts) => parts.join('')),
);

describe('resolvePath (properties)', () => {
  it('never throws and never reaches a prototype', () => {
    const value = { a: { b: [1, { c: 2 }] }, 'x y': 3 };
    fc.assert(
      fc.property(hostile, (path) => {
        const out = resolvePath(value, path);
        expect(out === Object.prototype || out === Function.prototype || typeof out === 'function').toBe(
          false,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('finds every own key written in bracket form', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer(), (key, v) => {
        const escaped = key.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
        const obj: Record<string, unknown> = {};
        Object.defineProperty(obj, key, { value: v, enumerable: true });
        expect(resolvePath(obj, `$['${escaped}']`)).toBe(v);
      }),
    );
  });
});
