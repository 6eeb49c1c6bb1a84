import { extendsLedger } from '../ledger/last-id';
import type { TierSettings } from '../settings-types';
import type { IncentivesState, StoredEntry } from '../types';
import { scoreBoundOf } from './slice-marks';
import { readLength, readScore } from './tier-inputs';
import { levelIndex } from './tiers';

/*
 * Most awards cannot change a user's tier: the score stays below the next level's threshold. A full review still
 * reads the whole ledger for its score and next drop. A review with all its inputs at or before its time keeps in
 * the tier the points score it computed (`TierState.score`) with its inputs (the ledger's length and last id); a later
 * review of a ledger that only appended to that one bounds the score by that figure plus the amounts appended: awards
 * only left the window since. When that bound is below every higher level's threshold, the review would keep the
 * tier and its armed time, and emit nothing: the tier is left as it is, with that review's time and inputs (no
 * write). The bound is a function of the stored slice alone; a slice keeps it in a mark (`markScoreBound`) too, so
 * the next review of a slice appended to it (in the same dispatch, or the next: the memory store hands the same
 * object over) adds only the amounts appended since, in the same order (the same sum, bit for bit).
 */

/**
 * Floating-point sums of the same awards in another order differ by far less than this share of the threshold:
 * a bound that close to a threshold is not trusted.
 */
const MARGIN = 1e-6;

type Ledger = readonly StoredEntry[];
type Memo = Record<string, unknown>;

/**
 * The bound of the score of `state` at `t` (points score of `tiers`), when a review of it at `t` is known to keep
 * its tier, its armed time, its history and to emit nothing; undefined when the full review must run. The tier
 * holds the score of its last review with all its inputs (in `inputs`, with `checkedAt` at or before `t`), no
 * downgrade is pending; at its level the armed time is still ahead (the score stays at the tier until then: appended
 * awards only raise it, and delay its next drop past the armed time), or none at the entry level (which needs
 * none). The ledger is the one that review read with entries appended, none after `t` and none reversing an award
 * of the score's wallet; the stored score plus the appended amounts is below every higher level's `minScore`.
 * `base` is a slice `state` was derived from in this dispatch (or `state` itself): when it is marked with its bound
 * (`scoreBoundOf`) and `state` only appended to its ledger, only those entries are read.
 */
export function boundedScore(
  state: IncentivesState,
  base: IncentivesState,
  tiers: TierSettings,
  t: number,
  memo: Memo | undefined,
): number | undefined {
  const tier = state.tier;
  if (tiers.score.source !== 'points' || tier === null) return undefined;
  if (tier.checkedAt === undefined || !(t >= tier.checkedAt)) return undefined;
  if (tier.belowSince !== undefined || tier.downgradeAt !== undefined || tier.warned !== undefined)
    return undefined;
  const levels = tiers.levels;
  const level = levelIndex(levels, tier.id);
  if (level < 0) return undefined;
  const armed = tier.reviewAt;
  if (level === 0 ? armed !== undefined : armed === undefined || !(armed > t)) return undefined;
  const wallet = tiers.score.wallet ?? 'points';
  const known =
    tier === base.tier && state.opening === base.opening ? scoreBoundOf(base, tiers, t) : undefined;
  let bound =
    known !== undefined && extendsLedger(memo, base.entries, state.entries)
      ? appendedBound(known, state.entries, base.entries.length, wallet, t)
      : undefined;
  if (bound === undefined) {
    const score = readScore(tier.inputs);
    const read = score === undefined ? -1 : readLength(tier.inputs, state, tiers);
    if (read < 0) return undefined;
    bound = appendedBound(score!, state.entries, read, wallet, t);
    if (bound === undefined) return undefined;
  }
  for (let i = level + 1; i < levels.length; i++) {
    const threshold = levels[i]!.minScore;
    if (!(bound < threshold - Math.abs(threshold) * MARGIN)) return undefined;
  }
  return bound;
}

/**
 * `known` plus the amounts of the awards of `wallet` in `entries` from `from` on; undefined when one is after `t`,
 * reverses an award of `wallet` (it may lower the score below the tier now), or is an award whose amount is not a
 * number at least 0.
 */
function appendedBound(known: number, entries: Ledger, from: number, wallet: string, t: number) {
  let bound = known;
  for (let i = from; i < entries.length; i++) {
    const e = entries[i]!;
    if (!(e.at <= t)) return undefined;
    if (e.wallet !== wallet) continue;
    if (e.kind === 'award') {
      if (typeof e.amount !== 'number' || !(e.amount >= 0)) return undefined;
      bound += e.amount;
    } else if (e.kind === 'revoke' && e.reverses !== undefined) return undefined;
  }
  return bound;
}
