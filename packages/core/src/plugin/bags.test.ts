import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributesWith,
  type BagLayout,
  keepsLayout,
  SMALL_BAG,
  withEntry,
  withoutEntry,
  withValue,
} from './bags';

const keysOf = (n: number) => Array.from({ length: n }, (_, i) => `k${String(i).padStart(2, '0')}`);

describe('withEntry / withoutEntry', () => {
  it('returns the same bag when the write changes nothing', () => {
    const bag = Object.freeze({ a: 1, b: 'x' });
    expect(withEntry(bag, 'a', 1, 'attributes')).toBe(bag);
    expect(withoutEntry(bag, 'c')).toBe(bag);
  });

  it('copies on a change and never writes the original', () => {
    const bag = Object.freeze({ a: 1, b: 2 });
    const next = withEntry(bag, 'a', 3, 'attributes');
    expect(next).toEqual({ a: 3, b: 2 });
    expect(bag).toEqual({ a: 1, b: 2 });
    expect(withoutEntry(bag, 'a')).toEqual({ b: 2 });
  });

  it('keeps small bags sorted, so users with the same keys share one shape', () => {
    const bag = withEntry(withEntry(withEntry({}, 'c', 1, 'sorted'), 'a', 2, 'sorted'), 'b', 3, 'sorted');
    expect(Object.keys(bag)).toEqual(['a', 'b', 'c']);
    expect(Object.keys(withEntry({ c: 1 }, 'a', 2, 'attributes'))).toEqual(['a', 'c']);
  });

  it('turns an attributes bag into a null-prototype dictionary past SMALL_BAG keys; sorted bags stay ordinary', () => {
    let attributes: Record<string, unknown> = {};
    let counts: Record<string, unknown> = {};
    for (const [i, key] of keysOf(SMALL_BAG + 1).entries()) {
      attributes = withEntry(attributes, key, i, 'attributes');
      counts = withEntry(counts, key, i, 'sorted');
      expect(Object.getPrototypeOf(attributes)).toBe(i < SMALL_BAG ? Object.prototype : null);
      expect(Object.getPrototypeOf(counts)).toBe(Object.prototype);
    }
    // a dictionary stays a dictionary, also when keys are removed
    expect(Object.getPrototypeOf(withoutEntry(attributes, 'k00'))).toBeNull();
  });

  it('keeps `__proto__` an ordinary own key in every layout: the prototype never changes', () => {
    const small = withEntry({ a: 1 }, '__proto__', { polluted: true }, 'attributes');
    expect(Object.getPrototypeOf(small)).toBe(Object.prototype);
    expect(Object.hasOwn(small, '__proto__')).toBe(true);
    let big: Record<string, unknown> = Object.fromEntries(keysOf(SMALL_BAG).map((k) => [k, 1]));
    big = withEntry(big, '__proto__', { polluted: 2 }, 'attributes');
    expect(Object.getPrototypeOf(big)).toBeNull();
    expect(JSON.stringify(big)).toContain('"__proto__":{"polluted":2}');
    expect(Object.getPrototypeOf(withEntry(big, '__proto__', 3, 'attributes'))).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('copies only own keys, even when Object.prototype has an enumerable member', () => {
    Object.defineProperty(Object.prototype, 'injected', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      const big = Object.fromEntries(keysOf(SMALL_BAG).map((k) => [k, 1]));
      const next = withEntry(big, 'zz', 2, 'attributes');
      expect(Object.getPrototypeOf(next)).toBeNull();
      expect(Object.keys(next)).toEqual([...keysOf(SMALL_BAG), 'zz']);
      expect(Object.hasOwn(withEntry({ a: 1 }, 'b', 2, 'attributes'), 'injected')).toBe(false);
      expect(Object.keys(withoutEntry({ a: 1, b: 2 }, 'a'))).toEqual(['b']);
    } finally {
      delete (Object.prototype as Record<string, unknown>).injected;
    }
  });

  it('agrees with a plain copy-and-set for any sequence of writes, in both layouts', () => {
    const key = fc.constantFrom(...keysOf(12), 'constructor', '__proto__', 'toString');
    const op = fc.tuple(key, fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }));
    const layout = fc.constantFrom<BagLayout>('sorted', 'attributes');
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), layout, (ops, kind) => {
        let bag: Record<string, unknown> = {};
        const model = new Map<string, unknown>();
        let dictionary = false;
        for (const [k, v] of ops) {
          const before = bag;
          bag = v === null ? withoutEntry(bag, k) : withEntry(bag, k, v, kind);
          if (v === null) model.delete(k);
          else model.set(k, v);
          const had = Object.hasOwn(before, k);
          expect(before === bag).toBe(v === null ? !had : had && before[k] === v);
          // once a dictionary, always a dictionary; only attributes bags past SMALL_BAG keys become one
          if (Object.getPrototypeOf(bag) === null) dictionary = true;
          expect(Object.getPrototypeOf(bag)).toBe(dictionary ? null : Object.prototype);
          if (kind === 'sorted') expect(dictionary).toBe(false);
        }
        expect(new Map(Object.entries(bag))).toEqual(model);
        if (!dictionary) expect(Object.keys(bag)).toEqual([...Object.keys(bag)].sort());
      }),
    );
  });

  it('lays out a new key exactly as sorting the entries would, whatever order or keys the bag came with', () => {
    // The reference: every own entry plus the new one, sorted by key, built with Object.fromEntries.
    const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const key = fc.oneof(
      fc.constantFrom('a', 'b', 'z', '0', '1', '10', '9', '__proto__', 'constructor'),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, fc.integer()), { selector: (e) => e[0], maxLength: SMALL_BAG + 2 }),
        key,
        fc.integer(),
        fc.constantFrom<BagLayout>('sorted', 'attributes'),
        (given, k, v, kind) => {
          const bag = Object.freeze(Object.fromEntries(given)) as Record<string, unknown>;
          const next = withEntry(bag, k, v, kind);
          const entries: [string, unknown][] = Object.entries(bag).filter(([e]) => e !== k);
          entries.push([k, v]);
          if (Object.getPrototypeOf(next) === null) {
            expect(kind === 'attributes' && entries.length > SMALL_BAG && !Object.hasOwn(bag, k)).toBe(true);
            expect(new Map(Object.entries(next))).toEqual(new Map(entries));
            return;
          }
          const expected = Object.hasOwn(bag, k)
            ? { ...bag, [k]: v }
            : Object.fromEntries(entries.sort(byKey));
          expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
          expect(Object.entries(next)).toEqual(Object.entries(expected));
          expect(Object.isFrozen(next)).toBe(false);
        },
      ),
    );
  });
});

describe('withValue', () => {
  it('is the spread `{ ...bag, [key]: value }` (same keys, same order, same values), or the bag when nothing changes', () => {
    const key = fc.constantFrom('lastChannel', 'a', 'z', '1', '__proto__', 'toString');
    const bag = fc.dictionary(key, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 5 });
    fc.assert(
      fc.property(bag, key, fc.jsonValue({ maxDepth: 1 }), fc.boolean(), (entries, k, value, frozen) => {
        const source = JSON.parse(JSON.stringify(entries)) as Record<string, unknown>;
        if (frozen) Object.freeze(source);
        const expected = { ...source, [k]: value };
        const got = withValue(source, k, value);
        expect(Object.keys(got)).toEqual(Object.keys(expected));
        expect(got).toEqual(expected);
        expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
        if (Object.hasOwn(source, k) && source[k] === value) expect(got).toBe(source);
        else expect(got).not.toBe(source);
      }),
    );
  });
});

describe('keepsLayout', () => {
  it('answers whether a write into the bag itself gives the keys attributesWith gives', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...keysOf(12), '__proto__', 'b'), { maxLength: 10 }),
        fc.constantFrom(...keysOf(12), '__proto__', 'b', 'a'),
        fc.boolean(),
        (keys, key, sorted) => {
          const entries = keys.map((k) => [k, 1] as [string, unknown]);
          if (sorted) entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
          const bag: Record<string, unknown> = {};
          for (const [k, v] of entries)
            Object.defineProperty(bag, k, { value: v, enumerable: true, writable: true, configurable: true });
          const copy = attributesWith(bag, key, 2);
          if (!keepsLayout(bag, key)) return;
          Object.defineProperty(bag, key, { value: 2, enumerable: true, writable: true, configurable: true });
          expect(Object.keys(bag)).toEqual(Object.keys(copy));
          expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
        },
      ),
    );
  });

  it('is true for a dictionary, false for a bag of SMALL_BAG keys given a new one and for __proto__', () => {
    const dictionary = Object.assign(Object.create(null), { a: 1 });
    expect(keepsLayout(dictionary, 'b')).toBe(true);
    expect(keepsLayout(Object.fromEntries(keysOf(SMALL_BAG).map((k) => [k, 1])), 'z')).toBe(false);
    expect(keepsLayout(Object.fromEntries(keysOf(SMALL_BAG).map((k) => [k, 1])), 'k00')).toBe(true);
    expect(keepsLayout({ a: 1 }, '__proto__')).toBe(false);
    expect(keepsLayout({ a: 1, c: 1 }, 'b')).toBe(false);
    expect(keepsLayout({ a: 1, c: 1 }, 'd')).toBe(true);
  });
});
