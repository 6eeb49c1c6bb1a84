import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OpeningBalance, StoredEntry } from '../types';
import { openLotsAndExpired } from './balance';
import { earnedIn } from './ledger';
import { foldedThen, plainCheckpoint } from './plain-fold';
import { foldedPairs, storedFolded } from './recent-awards';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const WINDOW = 10 * DAY;

/** What `compactLedger`'s general path keeps of a wallet (replay, merge, pairs, sort). */
function general(
  walletOld: StoredEntry[],
  before: OpeningBalance | undefined,
  cutoff: number,
  score: boolean,
) {
  const { lots, deficit, expired } = openLotsAndExpired(walletOld, 'points', cutoff, before);
  const next: OpeningBalance = {
    lots,
    deficit,
    expired,
    earned: (before?.earned ?? 0) + earnedIn(walletOld, 'points', cutoff),
  };
  if (score) {
    const awards = [
      ...foldedPairs(before?.recent),
      ...walletOld.flatMap((e): Array<[number, number]> => (e.kind === 'award' ? [[e.at, e.amount]] : [])),
    ];
    const recent = awards.filter(([at]) => at > cutoff - WINDOW).sort((a, b) => a[0] - b[0]);
    if (recent.length > 0) next.recent = storedFolded(recent);
  }
  return next;
}

const award = (i: number, at: number, amount: number): StoredEntry => ({
  kind: 'award',
  eventId: `e${i}`,
  ruleId: 'earn',
  wallet: 'points',
  amount,
  at,
});

/** Awards of cents at increasing (or, sometimes, equal) hours, the checkpoint's folded awards before them. */
const arbFold = fc
  .record({
    folded: fc.array(fc.tuple(fc.integer({ min: 0, max: 72 }), fc.integer({ min: 1, max: 5000 })), {
      maxLength: 12,
    }),
    steps: fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 5000 })), {
      minLength: 1,
      maxLength: 12,
    }),
    lot: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    expired: fc.integer({ min: 0, max: 500 }),
    score: fc.boolean(),
  })
  .map(({ folded, steps, lot, expired, score }) => {
    let at = T0;
    const pairs: Array<[number, number]> = folded.map(([hours, cents]) => {
      at += hours * 3_600_000;
      return [at, cents / 100];
    });
    const walletOld = steps.map(([hours, cents], i) => {
      at += hours * 3_600_000;
      return award(i, at, cents / 100);
    });
    const before: OpeningBalance | undefined =
      lot === undefined && pairs.length === 0
        ? undefined
        : {
            lots: lot === undefined ? [] : [{ amount: lot / 100 }],
            deficit: 0,
            expired,
            earned: 1000,
            ...(pairs.length > 0 ? { recent: storedFolded(pairs) } : {}),
          };
    return { walletOld, before, cutoff: at + DAY, score };
  });

describe('plainCheckpoint (the fold of plain credits)', () => {
  it('keeps exactly what the general path keeps, field order included', () => {
    fc.assert(
      fc.property(arbFold, ({ walletOld, before, cutoff, score }) => {
        const plain = plainCheckpoint(walletOld, before, score ? cutoff - WINDOW : undefined);
        const expected = general(walletOld, before, cutoff, score);
        expect(plain).toEqual(expected);
        expect(Object.keys(plain!)).toEqual(Object.keys(expected));
      }),
    );
  });

  it('leaves to the general path a debit, an expiring or pending credit, a deficit and awards out of order', () => {
    const a = award(1, T0, 10);
    const b = award(2, T0 + DAY, 5);
    expect(plainCheckpoint([a, { ...b, amount: -5 }], undefined, undefined)).toBeUndefined();
    expect(plainCheckpoint([a, { ...b, expiresAt: T0 + 9 * DAY }], undefined, undefined)).toBeUndefined();
    expect(plainCheckpoint([a, { ...b, availableAt: T0 + 2 * DAY }], undefined, undefined)).toBeUndefined();
    const deficit: OpeningBalance = { lots: [], deficit: 3, expired: 0, earned: 0 };
    expect(plainCheckpoint([a], deficit, undefined)).toBeUndefined();
    expect(plainCheckpoint([b, a], undefined, undefined)).toBeUndefined();
    expect(plainCheckpoint([a, b], undefined, undefined)).toEqual({
      lots: [{ amount: 15 }],
      deficit: 0,
      expired: 0,
      earned: 15,
    });
  });

  it('reads folded awards in the earlier layout through the general path', () => {
    expect(foldedThen([[T0, 10]], [], T0 - DAY)).toBeUndefined();
    expect(foldedThen([T0, 10, DAY, 5], [], T0)).toEqual([T0 + DAY, 5]);
  });
});
