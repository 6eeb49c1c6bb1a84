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
