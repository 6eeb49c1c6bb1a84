import { ledgerIsIndexed } from '../ledger/ledger-index';
import { foldedList } from '../ledger/recent-awards';
import type { TierSettings } from '../settings-types';
import type { IncentivesState } from '../types';

const DAY = 86_400_000;

/**
 * What a tier review reads of a points score's ledger, in one pass over its entries (a just-parsed ledger has
 * no index: each scan loads every entry object, and a review scanned it three or four times). See `ledgerPass`.
 */
export interface LedgerPass {
  /** The score wallet. */
  wallet: string;
  /** The window, in ms. */
  windowMs: number;
  /**
   * What `earnedIn(entries, wallet, t, windowMs)` gives (the same additions in the same order); only when
   * `reversal` is false.
   */
  earned: number;
  /** Some revoke of the wallet up to `t` reverses an award: the score nets it (`earnedIn`'s own path). */
  reversal: boolean;
  /** Every entry is at or before `t` (`!(at <= t)` for none). */
  upTo: boolean;
  /**
   * The score the first pass of `pointsDrop` sums: the folded awards inside the window, then the entries', in
   * list order; undefined when those are not in time order, or on a reversal (`pointsDropNetted`'s case).
   */
  dropScore: number | undefined;
}

/**
 * The pass a review of a points score at `t` takes over an unindexed ledger (undefined for an actions score
 * or an indexed ledger, whose typed columns the score reads instead): the window's awards summed from 0 (the
 * score, as `earnedIn`) and from the folded awards' sum (what `pointsDrop` sums first), their time order, and
 * whether every entry is at or before `t` (`inputsUpTo`).
 */
export function ledgerPass(state: IncentivesState, tiers: TierSettings, t: number): LedgerPass | undefined {
  const { score } = tiers;
  if (score.source !== 'points' || ledgerIsIndexed(state.entries)) return undefined;
  return scanLedger(state, score.wallet ?? 'points', t, score.windowDays * DAY);
}

/** `ledgerPass` of any ledger, for a wallet and window (`pointsDrop`'s first pass where no pass was taken). */
export function scanLedger(state: IncentivesState, wallet: string, t: number, windowMs: number): LedgerPass {
  const from = t - windowMs;
  const stored = Object.hasOwn(state.opening, wallet) ? state.opening[wallet]!.recent : undefined;
  const { list, deltas } = foldedList(stored);
  let dropScore = 0;
  let last = -Infinity;
  let ordered = true;
  let at = 0;
  for (let i = 0; i < list.length && ordered; i += 2) {
    at = deltas ? at + list[i]! : list[i]!;
    if (!(at > from && at <= t)) continue;
    if (at < last) ordered = false;
    last = at;
    dropScore += list[i + 1]!;
  }
  const entries = state.entries;
  let earned = 0;
  let reversal = false;
  let upTo = true;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (!(e.at <= t)) upTo = false;
    if (e.wallet !== wallet || e.at > t) continue;
    if (e.kind === 'award') {
      if (e.at > from) {
        if (e.at < last) ordered = false;
        last = e.at;
        earned += e.amount;
        dropScore += e.amount;
      }
    } else if (e.kind === 'revoke' && e.reverses !== undefined) reversal = true;
  }
  return {
    wallet,
    windowMs,
    earned,
    reversal,
    upTo,
    dropScore: ordered && !reversal ? dropScore : undefined,
  };
}
