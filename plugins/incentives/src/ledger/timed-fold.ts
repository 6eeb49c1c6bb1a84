import type { OpeningBalance, StoredEntry } from '../types';
import { isCredit, withFolded } from './plain-fold';

/*
 * The checkpoint a fold of credits that expire gives, computed in one pass. Points valid for a year (or any
 * `validForDays`) fold into a checkpoint of lots that each keep their own expiry: every award becomes a lot with
 * an expiry of its own, so the checkpoint holds about one lot per folded award of the last `validForDays`, and the
 * general path replays all of them (a copy and a spread per lot, a sort, a merge map keyed by text) each time an
 * entry leaves the revoke window: once or more a day for an active user, at a cost that grows with the history.
 * When nothing is spent (no debit, no reversal, no deficit) and the expiries never decrease (awards in time order
 * with one validity: the usual case), no lot pays anything back and only lots of one expiry can merge, so what the
 * replay keeps is each lot as it was, less those expired at the cutoff (counted as expired) and a pending time
 * that has passed, lots of one instant merged: here it is computed without the replay, and a lot that stays as it was is kept as the very object
 * the checkpoint held (already frozen, already stored). Any other fold is left to the general path (undefined).
 */

type Lot = OpeningBalance['lots'][number];

/** A lot of the checkpoint with exactly the fields a fold writes (`amount`, `expiresAt`, maybe `availableAt`). */
function foldShaped(lot: Lot): boolean {
  let keys = 0;
  for (const key in lot) {
    if (key !== 'amount' && key !== 'expiresAt' && key !== 'availableAt') return false;
    keys++;
  }
  return keys === (lot.availableAt === undefined ? 2 : 3);
}

/**
 * What `compactLedger` keeps of a wallet whose folded entries `walletOld` (its entries at or before `cutoff`, in
 * entry order) are credits that expire, onto the checkpoint `before`; `from` is the start of the score window at
 * the cutoff when this wallet is the score's (its `recent` then kept). The same lots, deficit, expired amount,
 * lifetime earned and folded awards, field order included, as the general path (`openLotsAndExpired`,
 * `earnedIn`, `stillScored`). Undefined when the fold is not of that kind.
 */
export function timedCheckpoint(
  walletOld: readonly StoredEntry[],
  before: OpeningBalance | undefined,
  from: number | undefined,
  cutoff: number,
): OpeningBalance | undefined {
  if (before !== undefined && before.deficit !== 0) return undefined;
  const lots: Lot[] = [];
  let expired = before?.expired ?? 0;
  let lastExpiry = -Infinity;
  // One lot of the replay, in replay order (the checkpoint's, then the credits): false when its expiry comes
  // before the previous one's (the general path then decides which lots merge).
  const add = (
    amount: number,
    expiresAt: number | undefined,
    availableAt: number | undefined,
    held?: Lot,
  ) => {
    if (expiresAt === undefined || expiresAt < lastExpiry) return false;
    const sameExpiry = expiresAt === lastExpiry;
    lastExpiry = expiresAt;
    if (amount <= 0) return true;
    if (expiresAt <= cutoff) {
      expired += amount;
      return true;
    }
    const pending = availableAt !== undefined && availableAt > cutoff;
    // Lots of one expiry (awards of one instant) merge when they become available together: the first such
    // lot takes the amount, as the general path's merge by (expiry, pending time) does.
    if (sameExpiry) {
      const kept = pending ? availableAt : undefined;
      for (let j = lots.length - 1; j >= 0 && lots[j]!.expiresAt === expiresAt; j--) {
        const into = lots[j]!;
        if (into.availableAt !== kept) continue;
        const sum = into.amount + amount;
        lots[j] =
          kept === undefined ? { amount: sum, expiresAt } : { amount: sum, expiresAt, availableAt: kept };
        return true;
      }
    }
    if (held !== undefined && pending === (availableAt !== undefined) && foldShaped(held)) lots.push(held);
    else lots.push(pending ? { amount, expiresAt, availableAt } : { amount, expiresAt });
    return true;
  };
  if (before !== undefined)
    for (const lot of before.lots)
      if (!add(lot.amount, lot.expiresAt, lot.availableAt, lot)) return undefined;
  let earned = 0;
  let last = -Infinity;
  for (let i = 0; i < walletOld.length; i++) {
    const e = walletOld[i]!;
    if (!isCredit(e) || e.at < last) return undefined;
    last = e.at;
    if (!add(e.amount, e.expiresAt, e.availableAt)) return undefined;
    earned += e.amount;
  }
  const next: OpeningBalance = { lots, deficit: 0, expired, earned: (before?.earned ?? 0) + earned };
  return withFolded(next, before, walletOld, from);
}
