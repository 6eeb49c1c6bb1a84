import type { FoldedAwards, OpeningBalance, StoredEntry } from '../types';

/*
 * The checkpoint a fold of plain credits gives, computed in one pass. Most folds are of a few awards that
 * neither expire nor wait (no `expiresAt`, no `availableAt`) into a checkpoint of the same kind: no deficit, lots
 * without times. `openLotsAndExpired` then replays them into lots that all merge into one, `earnedIn` sums them,
 * and the folded awards still in the score window are the checkpoint's, then these, already in time order.
 * Here the same sums are made in the same order without the replay, the merge map, the `[at, amount]` pairs and
 * their sort; any other fold (a debit, a reversal, a time, a deficit, awards out of order, folded awards in the
 * earlier layout) is left to the general path (undefined).
 */

/**
 * What `compactLedger` keeps of a wallet whose folded entries `walletOld` (its entries at or before the cutoff,
 * in entry order) are plain credits, onto the checkpoint `before`; `from` is the start of the score window at the
 * cutoff when this wallet is the score's (its `recent` then kept). Undefined when the fold is not plain.
 */
export function plainCheckpoint(
  walletOld: readonly StoredEntry[],
  before: OpeningBalance | undefined,
  from: number | undefined,
): OpeningBalance | undefined {
  if (before !== undefined && before.deficit !== 0) return undefined;
  // The merged lot: the checkpoint's lots then the credits, in replay order (those at or below zero left out).
  let lot = 0;
  let anyLot = false;
  if (before !== undefined)
    for (const l of before.lots ?? []) {
      if (l.expiresAt !== undefined || l.availableAt !== undefined) return undefined;
      if (l.amount <= 0) continue;
      lot = anyLot ? lot + l.amount : l.amount;
      anyLot = true;
    }
  let earned = 0;
  let last = -Infinity;
  for (let i = 0; i < walletOld.length; i++) {
    const e = walletOld[i]!;
    if (!isPlainCredit(e) || e.at < last) return undefined;
    last = e.at;
    lot = anyLot ? lot + e.amount : e.amount;
    anyLot = true;
    earned += e.amount;
  }
  const next: OpeningBalance = {
    lots: anyLot ? [{ amount: lot }] : [],
    deficit: 0,
    expired: before?.expired ?? 0,
    earned: (before?.earned ?? 0) + earned,
  };
  return withFolded(next, before, walletOld, from);
}

/**
 * `next` (a one-pass fold's checkpoint) with the folded awards a points score reads when `from` is given (the
 * score window's start at the cutoff): the checkpoint's, then those of `walletOld`, after `from`. Undefined when
 * they are not in the stored layout or in time order (the general path then folds).
 */
export function withFolded(
  next: OpeningBalance,
  before: OpeningBalance | undefined,
  walletOld: readonly StoredEntry[],
  from: number | undefined,
): OpeningBalance | undefined {
  if (from === undefined) return next;
  const recent = foldedThen(before?.recent, walletOld, from);
  if (recent === undefined) return undefined;
  if (recent.length > 0) next.recent = recent;
  return next;
}

/** An award of a positive amount that neither expires nor waits, reversing nothing. */
const isPlainCredit = (e: StoredEntry): boolean =>
  isCredit(e) && e.expiresAt === undefined && e.availableAt === undefined;

/** An award of a positive amount, reversing nothing: what a fold adds as a lot of its own. */
export const isCredit = (e: StoredEntry): boolean =>
  e.kind === 'award' && e.amount > 0 && e.reverses === undefined;

/**
 * `storedFolded` of the folded awards of `recent` (flat layout) after `from`, then of the awards of `more`
 * after `from`, built from the stored deltas (no pairs): undefined when `recent` is in the earlier layout, when
 * the awards are not in time order (the general path sorts them), or when a time would not read back (the
 * general path then keeps pairs).
 */
export function foldedThen(
  recent: FoldedAwards | undefined,
  more: readonly StoredEntry[],
  from: number,
): number[] | undefined {
  const out: number[] = [];
  let previous = 0;
  let at = 0;
  if (recent !== undefined && recent.length > 0) {
    if (Array.isArray(recent[0])) return undefined;
    const deltas = recent as readonly number[];
    let last = -Infinity;
    for (let i = 0; i < deltas.length; i += 2) {
      at += deltas[i]!;
      if (at < last) return undefined;
      last = at;
      if (!(at > from)) continue;
      const delta = at - previous;
      if (previous + delta !== at) return undefined;
      out.push(delta, deltas[i + 1]!);
      previous = at;
    }
  }
  for (let i = 0; i < more.length; i++) {
    const e = more[i]!;
    if (e.kind !== 'award' || !(e.at > from)) continue;
    if (out.length > 0 && e.at < previous) return undefined;
    const delta = e.at - previous;
    if (previous + delta !== e.at) return undefined;
    out.push(delta, e.amount);
    previous = e.at;
  }
  return out;
}
