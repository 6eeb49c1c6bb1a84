import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePath, resolvePath } from '../../policy/path';

const key = fc.constantFrom('a', 'b', '0', '__proto__', 'constructor', 'toString', 'length', "it's", 'x y');
const json = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(1, 'a', null, true),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(key, tie('v'), { maxKeys: 3 }),
  ),
})).v;
const path = fc.oneof(
  fc
    .array(
      fc.oneof(
        key.map((k) => `.${k}`),
        key.map((k) => `['${k}']`),
        fc.nat(3).map((n) => `[${n}]`),
      ),
      {
        maxLength: 3,
      },
    )
    .map((parts) => `$${parts.join('')}`),
  fc.string({ maxLength: 12 }),
);

describe('compilePath', () => {
  it('resolves exactly as resolvePath', () => {
    fc.assert(
      fc.property(json, path, (value, p) => {
        expect(compilePath(p)(value)).toEqual(resolvePath(value, p));
      }),
      { numRuns: 1000 },
    );
  });
});
