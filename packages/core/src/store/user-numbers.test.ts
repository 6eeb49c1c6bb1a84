import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FNV_PRIME, hashKey, hashSeed } from './packed-format';
import { UserNumbers } from './user-numbers';

describe('UserNumbers', () => {
  it('gives each id one number, through growth, and the id back from it', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 2_000 }), (ids) => {
        const users = new UserNumbers();
        const model = new Map<string, number>();
        for (const id of ids) {
          const user = users.numberOf(id);
          if (!model.has(id)) model.set(id, model.size);
          expect(user).toBe(model.get(id));
        }
        for (const [id, user] of model) {
          expect(users.numberOf(id)).toBe(user);
          expect(users.idOf(user)).toBe(id);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('hashKey', () => {
  // Ids whose UTF-16 code units differ only above bit 10: unseeded FNV-1a's low 10 bits (a 1,024-slot table's
  // mask) are the same for all of them, whatever the seed, so a client choosing such ids crowds one run of slots.
  const crafted = Array.from({ length: 2_000 }, (_, i) =>
    String.fromCharCode(0x61 + ((i & 63) << 10), 0x62 + ((i >>> 6) << 10)),
  );

  it('spreads ids crafted against FNV-1a over the slots, under any seed', () => {
    const plain = new Set(
      crafted.map((id) => {
        let fnv = 0x811c9dc5;
        for (let i = 0; i < id.length; i++) fnv = Math.imul(fnv ^ id.charCodeAt(i), FNV_PRIME);
        return fnv & 1023;
      }),
    );
    expect(plain.size).toBe(1);
    for (const seed of [0, 0x811c9dc5, hashSeed(), hashSeed()]) {
      const slots = new Set(crafted.map((id) => hashKey(id, seed) & 1023));
      // 2,000 keys thrown at random into 1,024 slots fill ~885 of them.
      expect(slots.size).toBeGreaterThan(800);
    }
  });

  it('gives tables their own seeds', () => {
    const seeds = new Set(Array.from({ length: 8 }, hashSeed));
    expect(seeds.size).toBeGreaterThan(1);
  });
});
