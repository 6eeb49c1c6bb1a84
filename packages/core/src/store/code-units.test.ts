import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeUnits } from './code-units';

/** `units.json(value)`'s text, or undefined when it leaves `value` to `JSON.stringify`. */
function written(value: unknown): string | undefined {
  const units = new CodeUnits();
  units.start();
  return units.json(value) ? units.text() : undefined;
}

describe('CodeUnits', () => {
  it('makes the text of the units and characters written since start', () => {
    const units = new CodeUnits();
    units.start();
    units.chars('stale');
    units.start();
    units.unit(3);
    units.unit(0x4e2d);
    units.chars('ab');
    expect(units.text()).toBe('\u0003\u4e2dab');
    units.put(0, 65);
    units.truncate(2);
    expect(units.text()).toBe('A\u4e2d');
    units.start();
    units.chars('x'.repeat(300));
    expect(units.text()).toBe('x'.repeat(300));
  });

  it('writes plain data as JSON.stringify does', () => {
    const values: unknown[] = [
      { status: 'applied', data: { entryId: 'b1:points:points', points: 10, multiplier: 1.5 } },
      { b: 1, a: [1, 'two', null, true, false, undefined, () => 1], 2: 'x', 1: -0, skip: undefined },
      [[], {}, [{}], -1e21, 1e-7, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER],
      'text with ünïcödé and 中文 and \u007f',
      null,
      12.25,
      true,
    ];
    for (const value of values) expect(written(value)).toBe(JSON.stringify(value));
  });

  it('leaves to JSON.stringify what it would escape or is no plain data', () => {
    const deep: unknown[] = [];
    let at = deep;
    for (let i = 0; i < 20; i++) {
      const inner: unknown[] = [];
      at.push(inner);
      at = inner;
    }
    const values: unknown[] = [
      'quote "',
      'back\\slash',
      'line\nbreak',
      'lone \ud800',
      { 'key"': 1 },
      { at: new Date(0) },
      { toJSON: () => 1 },
      Object.create(null),
      [1n],
      undefined,
      () => 1,
      deep,
    ];
    for (const value of values) expect(written(value)).toBeUndefined();
  });

  it('writes any value JSON.stringify writes, as it does, or leaves it to JSON.stringify', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.anything({ withBoxedValues: true, withNullPrototype: true })),
        (value) => {
          const text = written(value);
          if (text !== undefined) expect(text).toBe(JSON.stringify(value));
        },
      ),
      { numRuns: 500 },
    );
    // Always written, never left: JSON data whose text has no escape (no backslash in it), at most 6 deep.
    const plain = fc.jsonValue({ maxDepth: 6 }).filter((v) => !(JSON.stringify(v) as string).includes('\\'));
    fc.assert(
      fc.property(plain, (value) => {
        expect(written(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });
});
