import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextPlaces } from './text-places';

describe('TextPlaces', () => {
  it('answers as a map of addresses to places, through growth, deletions and shrinking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 4_000 })), {
          minLength: 1,
          maxLength: 3_000,
        }),
        (ops) => {
          const places = new TextPlaces();
          const model = new Map<number, number>();
          const out = new Uint32Array(3);
          for (const [add, address] of ops) {
            if (add) {
              places.set(address, address * 3, address, address + 1);
              model.set(address, address * 3);
            } else {
              places.delete(address);
              model.delete(address);
            }
          }
          expect(places.size).toBe(model.size);
          for (let address = 0; address <= 4_000; address++) {
            expect(places.get(address, out)).toBe(model.has(address));
            if (model.has(address)) expect([...out]).toEqual([address * 3, address, address + 1]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
