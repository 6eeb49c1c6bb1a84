import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OpeningBalance, StoredEntry } from '../types';
import { openLotsAndExpired } from './balance';
import { earnedIn } from './ledger';
import { foldedThen, plainCheckpoint } from './plain-fold';
import { foldedPairs, storedFolded } from './recent-awards';
import { timedCheckpoint } from './timed-fold';

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

const VALID = 365 * DAY;
const PENDING = 7 * DAY;

/**
 * Awards of points valid a year and pending a week (some not pending), at increasing hours, onto a checkpoint of
 * such lots folded earlier (some pending still, some expired by the cutoff, some spent to zero); the cutoff
 * anywhere from before the first award to past the first expiries.
 */
const arbTimedFold = fc
  .record({
    held: fc.array(
      fc.record({
        hours: fc.integer({ min: 1, max: 2_000 }),
        cents: fc.integer({ min: -100, max: 5000 }),
        pending: fc.boolean(),
      }),
      { maxLength: 10 },
    ),
    steps: fc.array(
      fc.record({
        hours: fc.integer({ min: 0, max: 72 }),
        cents: fc.integer({ min: 1, max: 5000 }),
        pending: fc.boolean(),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    later: fc.integer({ min: 0, max: 400 }),
    expired: fc.integer({ min: 0, max: 500 }),
    score: fc.boolean(),
  })
  .map(({ held, steps, later, expired, score }) => {
    let at = T0 - 300 * DAY;
    const lots = held.map(({ hours, cents, pending }) => {
      at += hours * 3_600_000;
      return pending
        ? { amount: cents / 100, expiresAt: at + VALID, availableAt: at + PENDING }
        : { amount: cents / 100, expiresAt: at + VALID };
    });
    const walletOld = steps.map(({ hours, cents, pending }, i) => {
      at += hours * 3_600_000;
      const e = award(i, at, cents / 100);
      return pending
        ? { ...e, expiresAt: at + VALID, availableAt: at + PENDING }
        : { ...e, expiresAt: at + VALID };
    });
    const before: OpeningBalance | undefined =
      lots.length === 0 ? undefined : { lots, deficit: 0, expired, earned: 1000 };
    return { walletOld, before, cutoff: at + later * DAY - 200 * DAY, score };
  });

describe('timedCheckpoint (the fold of credits that expire)', () => {
  it('keeps exactly what the general path keeps, field order included, and the unchanged lots themselves', () => {
    let taken = 0;
    fc.assert(
      fc.property(arbTimedFold, ({ walletOld, before, cutoff, score }) => {
        const timed = timedCheckpoint(walletOld, before, score ? cutoff - WINDOW : undefined, cutoff);
        // The cutoff may come before some of the awards: the general path folds only those up to it.
        const folded = walletOld.filter((e) => e.at <= cutoff);
        if (folded.length < walletOld.length) return;
        // Expiries out of order are the general path's.
        if (timed === undefined) {
          const expiries = [...(before?.lots ?? []), ...walletOld].map((l) => l.expiresAt!);
          expect(expiries.some((x, i) => i > 0 && x < expiries[i - 1]!)).toBe(true);
          return;
        }
        taken++;
        const expected = general(walletOld, before, cutoff, score);
        expect(timed).toEqual(expected);
        expect(Object.keys(timed!)).toEqual(Object.keys(expected));
        for (const [i, lot] of timed!.lots.entries())
          expect(Object.keys(lot)).toEqual(Object.keys(expected.lots[i]!));
        for (const lot of timed!.lots) {
          const held = before?.lots.find(
            (l) =>
              l.expiresAt === lot.expiresAt && l.availableAt === lot.availableAt && l.amount === lot.amount,
          );
          if (held) expect(lot).toBe(held);
        }
      }),
      { numRuns: 300 },
    );
    expect(taken).toBeGreaterThan(50);
  });

  it('leaves to the general path a debit, a reversal, a deficit, an untimed lot and expiries out of order', () => {
    const a = { ...award(1, T0, 10), expiresAt: T0 + VALID };
    const b = { ...award(2, T0 + DAY, 5), expiresAt: T0 + DAY + VALID };
    expect(timedCheckpoint([a, { ...b, amount: -5 }], undefined, undefined, T0 + 2 * DAY)).toBeUndefined();
    expect(timedCheckpoint([a, { ...b, reverses: 'x' }], undefined, undefined, T0 + 2 * DAY)).toBeUndefined();
    const deficit: OpeningBalance = { lots: [], deficit: 3, expired: 0, earned: 0 };
    expect(timedCheckpoint([a], deficit, undefined, T0 + 2 * DAY)).toBeUndefined();
    expect(timedCheckpoint([a, award(2, T0 + DAY, 5)], undefined, undefined, T0 + 2 * DAY)).toBeUndefined();
    expect(timedCheckpoint([b, { ...a, at: b.at }], undefined, undefined, T0 + 2 * DAY)).toBeUndefined();
    // Two lots of one expiry and one pending time merge, the first taking the amount.
    expect(
      timedCheckpoint([a, { ...b, at: a.at, expiresAt: a.expiresAt }], undefined, undefined, T0 + 2 * DAY)
        ?.lots,
    ).toEqual([{ amount: 15, expiresAt: T0 + VALID }]);
    expect(timedCheckpoint([a, b], undefined, undefined, T0 + 2 * DAY)).toEqual({
      lots: [
        { amount: 10, expiresAt: T0 + VALID },
        { amount: 5, expiresAt: T0 + DAY + VALID },
      ],
      deficit: 0,
      expired: 0,
      earned: 15,
    });
  });
});
