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

  it('copies attributes into null-prototype dictionaries: `__proto__` is an ordinary own key', () => {
    const bag = withEntry({ a: 1 }, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(bag)).toBeNull();
    expect(Object.hasOwn(bag, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(bag))).toEqual(JSON.parse('{"a":1,"__proto__":{"polluted":true}}'));
    const again = withEntry(bag, '__proto__', { polluted: 2 });
    expect(Object.getPrototypeOf(again)).toBeNull();
    expect(Object.keys(again)).toEqual(['a', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // sorted bags (counts) stay ordinary objects with shared shapes
    expect(Object.getPrototypeOf(withEntry({ b: 1 }, 'a', 1, true))).toBe(Object.prototype);
  });

  it('copies only own keys, even when Object.prototype has an enumerable member', () => {
    Object.defineProperty(Object.prototype, 'injected', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      const next = withEntry({ a: 1 }, 'b', 2);
      expect(Object.keys(next)).toEqual(['a', 'b']);
      expect(Object.hasOwn(next, 'injected')).toBe(false);
      expect(Object.keys(withoutEntry({ a: 1, b: 2 }, 'a'))).toEqual(['b']);
    } finally {
      delete (Object.prototype as Record<string, unknown>).injected;
    }
  });

  it('agrees with a plain copy-and-set for any sequence of writes', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'constructor', '__proto__', 'toString');
    const op = fc.tuple(key, fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let bag: Record<string, unknown> = {};
        const start: Record<string, unknown> = {};
        let unsorted = start;
        const model = new Map<string, unknown>();
        for (const [k, v] of ops) {
          bag = v === null ? withoutEntry(bag, k, true) : withEntry(bag, k, v, true);
          unsorted = v === null ? withoutEntry(unsorted, k) : withEntry(unsorted, k, v);
          if (v === null) model.delete(k);
          else model.set(k, v);
        }
        expect(new Map(Object.entries(bag))).toEqual(model);
        expect(new Map(Object.entries(unsorted))).toEqual(model);
        // the starting `{}` is kept until a write changes something; every copy is a dictionary
        expect(Object.getPrototypeOf(unsorted)).toBe(
          ops.length === 0 || unsorted === start ? Object.prototype : null,
        );
        expect(Object.keys(bag)).toEqual([...Object.keys(bag)].sort());
        expect(Object.getPrototypeOf(bag)).toBe(Object.prototype);
      }),
    );
  });
});
