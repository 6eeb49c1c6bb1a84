import { describe, expect, it } from 'vitest';
import { initialState } from '../model/state';
import type { LedgerEntry } from '../types';
import { walletBalance } from './balance';
import { compactLedger } from './compact';
import { creditTimes, earnedIn } from './ledger';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
let n = 0;
const entry = (amount: number, at: number, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  id: `e${++n}`,
  kind: amount > 0 ? 'award' : 'convert',
  eventId: `ev${n}`,
  ruleId: 'r',
  wallet: 'points',
  amount,
  reason: 'test',
  at,
  ...extra,
});

describe('walletBalance', () => {
  it('sums credits and debits', () => {
    const entries = [entry(100, T0), entry(50, T0 + DAY), entry(-30, T0 + 2 * DAY)];
    expect(walletBalance(entries, 'points', T0 + 3 * DAY)).toEqual({
      wallet: 'points',
      available: 120,
      pending: 0,
      expired: 0,
      total: 120,
    });
    expect(walletBalance(entries, 'points', T0 + DAY / 2).available).toBe(100);
    expect(walletBalance(entries, 'other', T0 + 3 * DAY).total).toBe(0);
  });

  it('keeps credits pending until availableAt, then expires their unspent rest', () => {
    const entries = [entry(100, T0, creditTimes(T0, 30, 7))];
    expect(walletBalance(entries, 'points', T0 + DAY)).toMatchObject({ available: 0, pending: 100 });
    expect(walletBalance(entries, 'points', T0 + 7 * DAY)).toMatchObject({ available: 100, pending: 0 });
    expect(walletBalance(entries, 'points', T0 + 37 * DAY)).toMatchObject({
      available: 0,
      expired: 100,
      total: 100,
    });
  });

  it('spends the credits that expire first, so fewer points expire', () => {
    const entries = [entry(100, T0), entry(50, T0, { expiresAt: T0 + 10 * DAY }), entry(-60, T0 + DAY)];
    const later = walletBalance(entries, 'points', T0 + 11 * DAY);
    expect(later).toMatchObject({ available: 90, expired: 0 });
  });

  it('a reversal takes back its own credit, even a pending one', () => {
    const award = entry(40, T0, { availableAt: T0 + 5 * DAY });
    const entries = [entry(10, T0), award, entry(-40, T0 + DAY, { kind: 'revoke', reverses: award.id })];
    expect(walletBalance(entries, 'points', T0 + DAY)).toMatchObject({ available: 10, pending: 0 });
  });

  it('a debit beyond the balance leaves a deficit that later credits pay back', () => {
    const entries = [
      entry(10, T0),
      entry(-25, T0 + DAY),
      entry(20, T0 + 2 * DAY, { expiresAt: T0 + 3 * DAY }),
    ];
    expect(walletBalance(entries, 'points', T0 + DAY).available).toBe(-15);
    expect(walletBalance(entries, 'points', T0 + 2 * DAY).available).toBe(5);
    // Only the unspent 5 expire.
    expect(walletBalance(entries, 'points', T0 + 4 * DAY)).toMatchObject({
      available: 0,
      expired: 5,
      total: 5,
    });
  });
});

describe('earnedIn', () => {
  it('counts awards minus their reversals in the window, not conversions', () => {
    const a = entry(100, T0);
    const entries = [
      a,
      entry(30, T0 + 50 * DAY),
      entry(-20, T0 + 51 * DAY),
      entry(-100, T0 + 52 * DAY, { kind: 'revoke', reverses: a.id }),
    ];
    expect(earnedIn(entries, 'points', T0 + 60 * DAY)).toBe(30);
    expect(earnedIn(entries.slice(0, 2), 'points', T0 + 95 * DAY, 90 * DAY)).toBe(30);
  });
  it('takes back only awards listed before their reversal, of that wallet and up to t', () => {
    const a = entry(100, T0);
    const b = entry(40, T0 + DAY);
    const other = entry(70, T0, { wallet: 'gems' });
    const reversal = (original: LedgerEntry, at: number) =>
      entry(-original.amount, at, { kind: 'revoke', reverses: original.id, wallet: original.wallet });
    // A reversal listed before its award (events out of order) does not take it back.
    expect(earnedIn([reversal(b, T0 + 2 * DAY), a, b], 'points', T0 + 3 * DAY)).toBe(140);
    expect(earnedIn([a, reversal(a, T0 + DAY), b, reversal(b, T0 + 2 * DAY)], 'points', T0 + 3 * DAY)).toBe(
      0,
    );
    expect(earnedIn([a, b, reversal(b, T0 + 2 * DAY)], 'points', T0 + 3 * DAY)).toBe(100);
    // An award after t is not there yet; another wallet's reversal is not this wallet's.
    expect(earnedIn([a, b, reversal(b, T0 + 2 * DAY)], 'points', T0 + DAY / 2)).toBe(100);
    expect(earnedIn([other, a, reversal(other, T0 + DAY)], 'points', T0 + 2 * DAY)).toBe(100);
  });
});

describe('compactLedger', () => {
  it('folds old entries into an opening balance without changing later balances', () => {
    const a = entry(100, T0, { expiresAt: T0 + 40 * DAY });
    const entries = [
      a,
      entry(50, T0 + DAY),
      entry(-70, T0 + 2 * DAY),
      entry(20, T0 + 20 * DAY, { availableAt: T0 + 25 * DAY }),
    ];
    const state = { ...initialState(), entries };
    const compacted = compactLedger(state, T0 + 10 * DAY);
    expect(compacted.entries).toHaveLength(1);
    for (const t of [T0 + 10 * DAY, T0 + 21 * DAY, T0 + 30 * DAY, T0 + 45 * DAY]) {
      expect(walletBalance(compacted.entries, 'points', t, compacted.opening.points)).toEqual(
        walletBalance(entries, 'points', t),
      );
    }
    expect(compactLedger(compacted, T0 + 10 * DAY)).toBe(compacted);
  });
});
