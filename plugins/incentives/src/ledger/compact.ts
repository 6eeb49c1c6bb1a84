import type { IncentivesState, OpeningBalance } from '../types';
import { openLots, walletBalance } from './balance';
import { earnedIn } from './ledger';

/**
 * Folds the entries at or before `cutoff` into each wallet's opening balance, so a long-lived
 * user's slice stays small. Balances at any `t ≥ cutoff` are unchanged. Entries are never edited:
 * they are summarised. Returns the same state when nothing is old enough.
 */
export function compactLedger(state: IncentivesState, cutoff: number): IncentivesState {
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
  return { ...state, opening, entries: state.entries.filter((e) => e.at > cutoff) };
}
