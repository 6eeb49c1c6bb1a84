import { sliceWith } from '../model/state';
import type { IncentivesState, OpeningBalance } from '../types';
import { openLots, walletBalance } from './balance';
import { earnedIn } from './ledger';
import { hasEntryAtOrBefore } from './ledger-index';

/**
 * Folds the entries at or before `cutoff` into each wallet's opening balance, so a long-lived
 * user's slice stays small. Balances at any `t ≥ cutoff` are unchanged. Entries are never edited:
 * they are summarised. Returns the same state when nothing is old enough.
 */
export function compactLedger(state: IncentivesState, requested: number): IncentivesState {
  // The cutoff only ever moves earlier than `requested`: nothing at or before it, nothing to fold.
  if (!hasEntryAtOrBefore(state.entries, requested)) return state;
  // Keep credits that a kept reversal refers to (and everything after them).
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  let cutoff = requested;
  for (let moved = true; moved; ) {
    moved = false;
    for (const e of state.entries) {
      const original = e.reverses === undefined ? undefined : byId.get(e.reverses);
      if (e.at > cutoff && original && original.at <= cutoff) {
        cutoff = original.at - 1;
        moved = true;
      }
    }
  }
  const old = state.entries.filter((e) => e.at <= cutoff);
  if (old.length === 0) return state;
  const opening: Record<string, OpeningBalance> = { ...state.opening };
  for (const wallet of new Set(old.map((e) => e.wallet))) {
    const before = Object.hasOwn(state.opening, wallet) ? state.opening[wallet] : undefined;
    const walletOld = old.filter((e) => e.wallet === wallet);
    const { lots, deficit } = openLots(walletOld, wallet, cutoff, before);
    opening[wallet] = {
      lots,
      deficit,
      expired: walletBalance(walletOld, wallet, cutoff, before).expired,
      earned: (before?.earned ?? 0) + earnedIn(walletOld, wallet, cutoff),
    };
  }
  return sliceWith(state, { opening, entries: state.entries.filter((e) => e.at > cutoff) });
}
