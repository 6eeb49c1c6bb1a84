import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKey, KeyFilter } from './key-filter';

describe('key filter', () => {
  it('never says an added key is absent, through its growth and a reset', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 3000 }), (keys) => {
        const kept: string[] = [];
        const filter = new KeyFilter(() => kept.map(hashKey));
        for (const key of keys) {
          kept.push(key);
          filter.add(key);
        }
        expect(keys.every((key) => filter.mayHave(key))).toBe(true);
        filter.reset();
        expect(keys.every((key) => filter.mayHave(key))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('finds most keys never added absent', () => {
    const kept = Array.from({ length: 20_000 }, (_, i) => `e.${i.toString(16).padStart(32, '0')}:b${i}`);
    const filter = new KeyFilter(() => kept.map(hashKey));
    for (const key of kept) filter.add(key);
    let maybe = 0;
    for (let i = 0; i < 20_000; i++)
      if (filter.mayHave(`e.${i.toString(16).padStart(32, '0')}:c${i}`)) maybe++;
    expect(maybe).toBeLessThan(1_000);
  });
});
