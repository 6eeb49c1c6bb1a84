import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, prefixEnd } from './queries';

/** The order SQL's binary collations use: the UTF-8 bytes. */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
const sign = (n: number): number => Math.sign(n);

/** Strings of well-formed code points that hit the interesting edges (BMP top, surrogates' neighbours, U+10FFFF). */
const text = fc.array(
  fc.oneof(
    fc.constantFrom('a', 'b', ':', '\uD7FF', '\uE000', '\uFFFF', '\u{10000}', '\u{10FFFF}', '\u{1F600}'),
    fc.string({ unit: 'grapheme', maxLength: 2 }),
  ),
  { maxLength: 5 },
);
const str = text.map((parts) => parts.join(''));

describe('compareCodePoints', () => {
  it('orders strings as their UTF-8 bytes do', () => {
    fc.assert(
      fc.property(str, str, (a, b) => {
        expect(sign(compareCodePoints(a, b))).toBe(sign(byteOrder(a, b)));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('prefixEnd', () => {
  it('bounds exactly the strings that start with the prefix', () => {
    fc.assert(
      fc.property(str, str, (prefix, key) => {
        const end = prefixEnd(prefix);
        const inRange = byteOrder(key, prefix) >= 0 && (end === undefined || byteOrder(key, end) < 0);
        expect(inRange).toBe(key.startsWith(prefix));
        const extended = prefix + key;
        expect(end === undefined || byteOrder(extended, end) < 0).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('has no end for an empty prefix or one made of U+10FFFF', () => {
    expect(prefixEnd('')).toBeUndefined();
    expect(prefixEnd('\u{10FFFF}\u{10FFFF}')).toBeUndefined();
    expect(prefixEnd('likes:')).toBe('likes;');
    expect(prefixEnd('a\u{10FFFF}')).toBe('b');
    expect(prefixEnd('\uD7FF')).toBe('\uE000');
    expect(prefixEnd('\u{1F600}')).toBe('\u{1F601}');
  });
});
