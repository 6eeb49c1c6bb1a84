import { recordCopy, sliceWith } from '../model/state';
import type { FoldedAwards, IncentivesState, OpeningBalance, StoredEntry } from '../types';
import { openLotsAndExpired } from './balance';
import { earnedIn } from './ledger';
import { hasEntryAtOrBefore } from './ledger-index';
import { foldedThen, plainCheckpoint } from './plain-fold';
import { foldedFirstAt, foldedPairs, storedFolded } from './recent-awards';
import { idOf } from './stored-entry';
import { timedCheckpoint } from './timed-fold';

/** The tier score a checkpoint must keep answering: its wallet and window (points scores only). */
export interface ScoreWindow {
  wallet: string;
  windowMs: number;
}

/**
 * Folds the entries at or before `requested` (the revoke window's start) into each wallet's checkpoint
 * (opening balance), so a long-lived user's slice stays small: lots (expiry and pending kept), deficit,
 * expired, lifetime earned, and for the score's wallet the folded awards still inside the score window
 * (`recent`). Balances, the growth summary and the tier score at any `t ≥ cutoff` are unchanged. Entries
 * are never edited: they are summarised. Returns the same state when nothing is old enough.
 */
export function compactLedger(
  state: IncentivesState,
  requested: number,
  score?: ScoreWindow,
): IncentivesState {
  // The cutoff only ever moves earlier than `requested`: nothing at or before it, nothing to fold.
  if (!hasEntryAtOrBefore(state.entries, requested)) return pruneRecent(state, requested, score);
  const cutoff = keptReversalsCutoff(state.entries, requested);
  const old = state.entries.filter((e) => e.at <= cutoff);
  if (old.length === 0) return pruneRecent(state, requested, score);
  // Copied key by key: a spread of a frozen record takes V8's slow path.
  const opening: Record<string, OpeningBalance> = recordCopy(state.opening);
  for (const wallet of walletsOf(old)) {
    const before = Object.hasOwn(state.opening, wallet) ? state.opening[wallet] : undefined;
    const walletOld = old.filter((e) => e.wallet === wallet);
    const from = score !== undefined && wallet === score.wallet ? cutoff - score.windowMs : undefined;
    const plain =
      plainCheckpoint(walletOld, before, from) ?? timedCheckpoint(walletOld, before, from, cutoff);
    if (plain !== undefined) {
      opening[wallet] = plain;
      continue;
    }
    const { lots, deficit, expired } = openLotsAndExpired(walletOld, wallet, cutoff, before);
    const next: OpeningBalance = {
      lots,
      deficit,
      expired,
      earned: (before?.earned ?? 0) + earnedIn(walletOld, wallet, cutoff),
    };
    if (from !== undefined) {
      const recent = stillScored([...foldedPairs(before?.recent), ...netAwards(walletOld)], from);
      if (recent.length > 0) next.recent = storedFolded(recent);
    }
    opening[wallet] = next;
  }
  const folded = sliceWith(state, { opening, entries: state.entries.filter((e) => e.at > cutoff) });
  return pruneRecent(folded, requested, score);
}

/** The wallets of `entries`, in order of first appearance (one, usually: no set is made for it). */
function walletsOf(entries: readonly StoredEntry[]): string[] {
  const wallets: string[] = [];
  for (const e of entries) if (!wallets.includes(e.wallet)) wallets.push(e.wallet);
  return wallets;
}

/** `requested`, moved earlier so that every kept reversal keeps the credit it refers to. */
function keptReversalsCutoff(entries: readonly StoredEntry[], requested: number): number {
  // Most ledgers hold no reversal: nothing to keep.
  if (!entries.some((e) => e.reverses !== undefined)) return requested;
  const reversals = entries.filter((e) => e.reverses !== undefined);
  // A credit that moves the cutoff is at or before it, so at or before `requested`: only those are looked up
  // (ids are unique in a ledger), sparing the ids of the entries kept.
  const byId = new Map<string, StoredEntry>();
  for (const e of entries) if (e.at <= requested) byId.set(idOf(e), e);
  let cutoff = requested;
  for (let moved = true; moved; ) {
    moved = false;
    for (const e of reversals) {
      const original = e.reverses === undefined ? undefined : byId.get(e.reverses);
      if (e.at > cutoff && original && original.at <= cutoff) {
        cutoff = original.at - 1;
        moved = true;
      }
    }
  }
  return cutoff;
}

/**
 * The awards among folded entries, each net of its (folded) reversals, as `[at, amount]` in entry order.
 * A reversal's credit is folded with it (see `keptReversalsCutoff`), so every reversal nets here.
 */
function netAwards(entries: readonly StoredEntry[]): Array<[number, number]> {
  // Without a reversal among them, no award needs finding by id.
  if (!entries.some((e) => e.kind === 'revoke' && e.reverses !== undefined))
    return entries.flatMap((e): Array<[number, number]> => (e.kind === 'award' ? [[e.at, e.amount]] : []));
  const net = new Map<string, [number, number]>();
  for (const e of entries) {
    if (e.kind === 'award') net.set(idOf(e), [e.at, e.amount]);
    else if (e.kind === 'revoke' && e.reverses !== undefined) {
      const original = net.get(e.reverses);
      if (original) original[1] += e.amount;
    }
  }
  return [...net.values()];
}

/** The awards that are after `from` (still inside the score window for any t ≥ the cutoff), by time (stable). */
const stillScored = (awards: Array<[number, number]>, from: number): Array<[number, number]> =>
  awards.filter(([at]) => at > from).sort((a, b) => a[0] - b[0]);

const NO_ENTRIES: readonly StoredEntry[] = [];

/** `storedFolded` of the folded awards after `from` (none: an empty list). */
function storedKept(recent: FoldedAwards | undefined, from: number): FoldedAwards {
  const kept = foldedPairs(recent).filter(([at]) => at > from);
  return kept.length > 0 ? storedFolded(kept) : [];
}

/**
 * The checkpoint with these folded awards (none: without `recent`), its parts in the order compaction writes
 * them. Built part by part: an object rest (`{ recent, ...rest }`) takes V8's generic copy, about a microsecond.
 */
function withRecent(balance: OpeningBalance, recent: FoldedAwards): OpeningBalance {
  const out: OpeningBalance = {
    lots: balance.lots,
    deficit: balance.deficit,
    expired: balance.expired,
    earned: balance.earned,
  };
  if (recent.length > 0) out.recent = recent;
  return out;
}

/**
 * Drops the folded awards that have left the score window for good (at or before `requested` less the
 * window), and every wallet's `recent` when no points score reads it. The same state when nothing goes.
 */
function pruneRecent(state: IncentivesState, requested: number, score?: ScoreWindow): IncentivesState {
  let opening: Record<string, OpeningBalance> | undefined;
  // Run on every dispatch: the wallets read in place (no list of pairs made).
  const wallets = state.opening;
  for (const wallet in wallets) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see the core's plugin/bags.ts)
    if (!Object.prototype.hasOwnProperty.call(wallets, wallet)) continue;
    const balance = wallets[wallet]!;
    if (balance.recent === undefined) continue;
    // Only the earliest award's time decides whether any goes: read in place, a list kept whole is not decoded.
    const first = foldedFirstAt(balance.recent);
    const from = score !== undefined && score.wallet === wallet ? requested - score.windowMs : Infinity;
    if (first !== undefined && first > from) continue;
    // Kept from the stored deltas when it can be (see `foldedThen`), else through pairs.
    const kept = foldedThen(balance.recent, NO_ENTRIES, from) ?? storedKept(balance.recent, from);
    opening ??= recordCopy(state.opening);
    opening[wallet] = withRecent(balance, kept);
  }
  return opening === undefined ? state : sliceWith(state, { opening });
}
