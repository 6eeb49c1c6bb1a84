import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FoldedAwards } from '../types';
import {
  foldedCount,
  foldedFirstAt,
  foldedFlat,
  foldedLastAt,
  foldedPairs,
  foldedSumIn,
  storedFolded,
} from './recent-awards';

const T0 = Date.parse('2026-01-01T00:00:00Z');
/** What a store gives back: the JSON of the stored list, parsed (no cache entry for it). */
const reloaded = (stored: FoldedAwards): FoldedAwards => JSON.parse(JSON.stringify(stored));
const sortedPairs = (pairs: Array<[number, number]>) => [...pairs].sort((a, b) => a[0] - b[0]);

describe('folded awards as stored (`opening.recent`)', () => {
  it('writes epoch ms times as deltas in one flat list, and reads them back', () => {
    const pairs: Array<[number, number]> = [
      [T0, 10],
      [T0, 2.5],
      [T0 + 86_400_000, -3],
    ];
    const stored = storedFolded(pairs);
    expect(stored).toEqual([T0, 10, 0, 2.5, 86_400_000, -3]);
    expect(foldedPairs(reloaded(stored))).toEqual(pairs);
    expect(foldedFlat(reloaded(stored))).toEqual([T0, 10, T0, 2.5, T0 + 86_400_000, -3]);
  });

  it('reads the pairs an earlier version wrote as they are', () => {
    const pairs: Array<[number, number]> = [
      [T0, 10],
      [T0 + 5, 20],
    ];
    expect(foldedPairs(reloaded(pairs))).toEqual(pairs);
    expect(foldedFlat(reloaded(pairs))).toEqual([T0, 10, T0 + 5, 20]);
    expect(foldedFlat(undefined)).toEqual([]);
  });

  it('keeps pairs when a time would not read back exactly from deltas', () => {
    // 2^53 - (-1) rounds to 2^53, and -1 + 2^53 is not 2^53.
    const pairs: Array<[number, number]> = [
      [-1, 1],
      [2 ** 53, 2],
    ];
    const stored = storedFolded(pairs);
    expect(stored).toEqual(pairs);
    expect(foldedPairs(reloaded(stored))).toEqual(pairs);
  });

  it('reads back exactly the times and amounts it was given, whatever they are', () => {
    const time = fc.oneof(
      fc.integer({ min: T0 - 1e11, max: T0 + 1e11 }),
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
    );
    const amount = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(time, amount), { maxLength: 30 }), (raw) => {
        const pairs = sortedPairs(
          raw.map(([at, n]): [number, number] => [at === 0 ? 0 : at, n === 0 ? 0 : n]),
        );
        const stored = storedFolded(pairs);
        expect(foldedPairs(stored)).toEqual(pairs);
        expect(foldedPairs(reloaded(stored))).toEqual(pairs);
      }),
      { numRuns: 500 },
    );
  });

  it('reads first and last time, count and window sums in place as the decoded list gives them', () => {
    const time = fc.integer({ min: T0 - 1e10, max: T0 + 1e10 });
    const amount = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(time, amount), { maxLength: 20 }),
        fc.boolean(),
        time,
        fc.integer({ min: 0, max: 2e10 }),
        (raw, asPairs, t, windowMs) => {
          const pairs = sortedPairs(raw);
          const stored = asPairs && pairs.length > 0 ? pairs : storedFolded(pairs);
          const flat = foldedFlat(reloaded(stored));
          let sum = 0.5;
          for (let i = 0; i < flat.length; i += 2)
            if (flat[i]! > t - windowMs && flat[i]! <= t) sum += flat[i + 1]!;
          // Uncached copies: read in place.
          expect(foldedFirstAt(reloaded(stored))).toBe(flat.length > 0 ? flat[0] : undefined);
          expect(foldedLastAt(reloaded(stored))).toBe(flat.length > 0 ? flat[flat.length - 2] : 0);
          expect(foldedCount(reloaded(stored))).toBe(flat.length / 2);
          expect(foldedSumIn(reloaded(stored), t - windowMs, t, 0.5)).toBe(sum);
          // A decoded (cached) list: its last time is read from the decoding.
          const cached = reloaded(stored);
          foldedFlat(cached);
          expect(foldedLastAt(cached)).toBe(flat.length > 0 ? flat[flat.length - 2] : 0);
        },
      ),
      { numRuns: 300 },
    );
    expect([foldedFirstAt(undefined), foldedLastAt(undefined), foldedCount(undefined)]).toEqual([
      undefined,
      0,
      0,
    ]);
  });
});
