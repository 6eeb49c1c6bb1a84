import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withEntry, withoutEntry } from './bags';

describe('withEntry / withoutEntry', () => {
  it('returns the same bag when the write changes nothing', () => {
    const bag = Object.freeze({ a: 1, b: 'x' });
    expect(withEntry(bag, 'a', 1)).toBe(bag);
    expect(withoutEntry(bag, 'c')).toBe(bag);
  });

  it('copies on a change and never writes the original', () => {
    const bag = Object.freeze({ a: 1, b: 2 });
    const next = withEntry(bag, 'a', 3);
    expect(next).toEqual({ a: 3, b: 2 });
    expect(bag).toEqual({ a: 1, b: 2 });
    expect(withoutEntry(bag, 'a')).toEqual({ b: 2 });
  });

  it('keeps keys sorted when asked, so users with the same keys share one shape', () => {
    const bag = withEntry(withEntry(withEntry({}, 'c', 1, true), 'a', 2, true), 'b', 3, true);
    expect(Object.keys(bag)).toEqual(['a', 'b', 'c']);
    expect(Object.keys(withEntry({ c: 1 }, 'a', 2))).toEqual(['c', 'a']);
  });

  it('defines `__proto__` as an ordinary own key: the prototype never changes', () => {
    const bag = withEntry({ a: 1 }, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(bag)).toBe(Object.prototype);
    expect(Object.hasOwn(bag, '__proto__')).toBe(true);
    const again = withEntry(bag, '__proto__', { polluted: 2 });
    expect(Object.getPrototypeOf(again)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('agrees with a plain copy-and-set for any sequence of writes', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'constructor', '__proto__', 'toString');
    const op = fc.tuple(key, fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let bag: Record<string, unknown> = {};
        let unsorted: Record<string, unknown> = {};
        const model = new Map<string, unknown>();
        for (const [k, v] of ops) {
          bag = v === null ? withoutEntry(bag, k) : withEntry(bag, k, v, true);
          unsorted = v === null ? withoutEntry(unsorted, k) : withEntry(unsorted, k, v);
          if (v === null) model.delete(k);
          else model.set(k, v);
        }
        expect(new Map(Object.entries(bag))).toEqual(model);
        expect(new Map(Object.entries(unsorted))).toEqual(model);
        expect(Object.getPrototypeOf(unsorted)).toBe(Object.prototype);
        expect(Object.keys(bag)).toEqual([...Object.keys(bag)].sort());
        expect(Object.getPrototypeOf(bag)).toBe(Object.prototype);
      }),
    );
  });
});
