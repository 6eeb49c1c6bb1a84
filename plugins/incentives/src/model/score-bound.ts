import { extendsLedger } from '../ledger/last-id';
import type { TierSettings } from '../settings-types';
import type { IncentivesState, StoredEntry } from '../types';
import { inputsRead, scoreBoundOf } from './slice-marks';
import { levelIndex } from './tiers';

/*
 * Most awards cannot change a user's tier: the score stays below the next level's threshold. A full review still
 * reads the whole ledger for its score and next drop. A review leaves on the slice it returns (a mark in a
 * private field, see `slice-marks`) the score it computed; the next review of a slice that only appended to that one, in
 * the same dispatch or the next (the memory store hands the same object over), bounds the score by that figure
 * plus the amounts appended: with every input at or before the review's time, awards only left the window since.
 * When that bound is below every higher level's threshold, the review keeps the tier and its armed time, and only
 * its inputs and time change (`boundedReview`): exactly what the full review would leave.
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
 * its tier, its armed time, its history and to emit nothing; undefined when the full review must run. `base` is
 * the slice `state` was derived from in this dispatch (or `state` itself): it carries the bound of the last
 * review (`scoreBoundOf`); `state` has the same tier and checkpoints, and its ledger is `base`'s with entries
 * appended, none after `t`. The tier was left by a review with all its inputs (`checkedAt` at or before `t`,
 * inputs kept) and no downgrade pending; at its level the armed time is still ahead (the score stays at the tier
 * until then: appended awards only raise it, and delay its next drop past the armed time), or none at the entry
 * level (which needs none). The bound plus the appended amounts is below every higher level's `minScore`.
 */
export function boundedScore(
  state: IncentivesState,
  base: IncentivesState,
  tiers: TierSettings,
  t: number,
  memo: Record<string, unknown>,
): number | undefined {
  const tier = state.tier;
  if (tiers.score.source !== 'points' || tier === null || tier !== base.tier) return undefined;
  const known = scoreBoundOf(base, tiers);
  if (known === undefined || state.opening !== base.opening) return undefined;
  // A tier whose inputs `base` is marked as having read holds them (an array): they are not read (cold in the cache).
  if (
    tier.checkedAt === undefined ||
    !(t >= tier.checkedAt) ||
    !(inputsRead(base, tiers) || Array.isArray(tier.inputs))
  )
    return undefined;
  if (tier.belowSince !== undefined || tier.downgradeAt !== undefined || tier.warned !== undefined)
    return undefined;
  const levels = tiers.levels;
  const level = levelIndex(levels, tier.id);
  if (level < 0) return undefined;
  const armed = tier.reviewAt;
  if (level === 0 ? armed !== undefined : armed === undefined || !(armed > t)) return undefined;
  const bound = appendedBound(known, base.entries, state.entries, tiers.score.wallet ?? 'points', t, memo);
  if (bound === undefined) return undefined;
  for (let i = level + 1; i < levels.length; i++) {
    const threshold = levels[i]!.minScore;
    if (!(bound < threshold - Math.abs(threshold) * MARGIN)) return undefined;
  }
  return bound;
}

/**
 * `known` plus the amounts of the awards of `wallet` that `after` appends to `before`; undefined when it is not
 * `before` with entries appended, an appended entry is after `t`, or one could raise the score by other than its
 * amount (a reversal with a positive amount, an award whose amount is not a number at least 0).
 */
function appendedBound(known: number, before: Ledger, after: Ledger, wallet: string, t: number, memo: Memo) {
  if (after === before) return known;
  if (!extendsLedger(memo, before, after)) return undefined;
  let bound = known;
  for (let i = before.length; i < after.length; i++) {
    const e = after[i]!;
    if (!(e.at <= t)) return undefined;
    if (e.wallet !== wallet) continue;
    if (e.kind === 'award') {
      if (typeof e.amount !== 'number' || !(e.amount >= 0)) return undefined;
      bound += e.amount;
    } else if (e.kind === 'revoke' && !(e.amount <= 0)) return undefined;
  }
  return bound;
}
