import type { IncentivesState, WalletBalance } from '../types';
import { walletBalance } from './balance';

export { earnedIn } from './ledger';

/** The balance of one wallet of a slice at `t`, opening balance included. */
export const walletBalanceOf = (state: IncentivesState, wallet: string, t: number): WalletBalance =>
  walletBalance(
    state.entries,
    wallet,
    t,
    Object.hasOwn(state.opening, wallet) ? state.opening[wallet] : undefined,
  );

/**
 * The lowest available balance of a wallet from `t` on, checked at `t` and at every later entry:
 * a debit dated in the past must not overdraw a later one (events may arrive out of order).
 */
export function lowestAvailableFrom(state: IncentivesState, wallet: string, t: number): number {
  const times = new Set([
    t,
    ...state.entries.filter((e) => e.wallet === wallet && e.at > t).map((e) => e.at),
  ]);
  let lowest = Infinity;
  for (const at of times) lowest = Math.min(lowest, walletBalanceOf(state, wallet, at).available);
  return lowest;
}
