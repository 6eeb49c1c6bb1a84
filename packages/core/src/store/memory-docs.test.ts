import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryDocs } from './memory-docs';

/** What JSON holds of a value (-0 reads back as 0, as from any store). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('MemoryDocs', () => {
  it('reads back every document, kept as objects or as text, before and after its key tokens are learned', () => {
    const key = fc.oneof(
      fc.constantFrom('id', 'at', '__proto__', 'a"b', 'a\\"', '\u0001', '\u001f:', ':', '"', 'x\u2028', ''),
      fc.string({ maxLength: 6 }),
    );
    // -0 left out: a document kept as an object reads back as given (-0), one kept as text as JSON has it (0);
    // the two forms differ only there, and no JSON reader (the SQL stores, a replay) can tell them apart.
    const value = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    const doc = fc.dictionary(key, value, { maxKeys: 8 });
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 150 }),
        fc.integer({ min: 0, max: 5 }),
        (docs, hot) => {
          const store = new MemoryDocs(hot);
          docs.forEach((value, i) => {
            store.set(`d${i}`, Object.freeze(value));
          });
          expect(store.size).toBe(docs.length);
          docs.forEach((value, i) => {
            expect(store.get(`d${i}`)).toEqual(asJson(value));
          });
          // read again after every other document went through text once more
          docs.forEach((value, i) => {
            expect(store.get(`d${i}`)).toEqual(asJson(value));
          });
          expect(new Map(store.entries())).toEqual(new Map(docs.map((value, i) => [`d${i}`, asJson(value)])));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps at most hotLimit documents as objects, the least recently admitted unused one goes to text, delete removes either form', () => {
    const store = new MemoryDocs(2);
    const a = Object.freeze({ n: 1 });
    store.set('a', a);
    store.set('b', Object.freeze({ n: 2 }));
    store.set('c', Object.freeze({ n: 3 }));
    // 'a' was admitted first and not used since: it is now text, read back as an equal, fresh, frozen copy
    const read = store.get('a');
    expect(read).not.toBe(a);
    expect(read).toEqual(a);
    expect(Object.isFrozen(read)).toBe(true);
    store.delete('b');
    store.delete('a');
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBeUndefined();
    expect([...store.keys()]).toEqual(['c']);
  });

  it('gives a document read or written while kept as an object a second chance (a clock), the new value in place', () => {
    const store = new MemoryDocs(2);
    const a = Object.freeze({ n: 1 });
    const b2 = Object.freeze({ n: 22 });
    store.set('a', a);
    store.set('b', Object.freeze({ n: 2 }));
    expect(store.get('a')).toBe(a);
    store.set('b', b2);
    const c = Object.freeze({ n: 3 });
    store.set('c', c);
    // 'a' and 'b' were used: both moved to the end, unmarked, and 'c' (admitted unused) went to text
    const read = store.get('c');
    expect(read).not.toBe(c);
    expect(read).toEqual(c);
    // reading 'c' back admitted it: 'a', now the oldest unused, went to text in its place
    expect(store.get('b')).toBe(b2);
    expect(store.get('a')).not.toBe(a);
    expect(store.get('a')).toEqual(a);
    expect(store.size).toBe(3);
  });

  it('keeps a document JSON text cannot hold (a BigInt) as it is', () => {
    const store = new MemoryDocs(0);
    const odd = Object.freeze({ n: 1n });
    store.set('odd', odd);
    store.set('b', Object.freeze({ n: 2 }));
    expect(store.get('odd')).toBe(odd);
    expect(store.has('odd')).toBe(true);
    expect(store.size).toBe(2);
    store.delete('odd');
    expect(store.get('odd')).toBeUndefined();
    expect(store.size).toBe(1);
  });

  it('keeps a handed-over document unfrozen for getOwned, and freezes it in place before get or entries hand it out', () => {
    const docs = new MemoryDocs(2);
    const a = { n: 1, list: [1], nested: { x: 'y' } };
    const b = { n: 2 };
    docs.set('a', a, true);
    docs.set('b', b, true);
    expect(docs.getOwned('a')).toBe(a);
    expect(Object.isFrozen(a)).toBe(false);
    expect(docs.get('a')).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.list) && Object.isFrozen(a.nested)).toBe(true);
    expect(new Map(docs.entries()).get('b')).toBe(b);
    expect(Object.isFrozen(b)).toBe(true);
    // Written again unfrozen, then (maybe) sent to text by later documents: read back frozen either way.
    const c = { n: 3 };
    docs.set('b', c, true);
    docs.set('c', { n: 4 }, true);
    docs.set('d', { n: 5 }, true);
    const back = docs.get('b');
    expect(back).toEqual({ n: 3 });
    expect(Object.isFrozen(back)).toBe(true);
  });
});
