import type { IncentivesState } from '../types';

/*
 * Housekeeping after the rules reuses what an earlier slice of the same dispatch is known to hold (its marks, see
 * `slice-marks`): the slice before the dispatch's first change of it. What changes the slice first notes it in the
 * dispatch's memo (the action counting before the rules, an award); a dispatch that changes nothing makes no memo
 * for it (the core makes a memo on first use, a dictionary of a few hundred bytes, on every dispatch otherwise).
 */

/** The key in `ctx.memo` of the slice before the dispatch's first change. */
const BASE = 'base';

/** Notes `state` as the slice before the dispatch's first change, unless one is noted already. */
export function noteBase(memo: Record<string, unknown>, state: IncentivesState): void {
  if (memo[BASE] === undefined) memo[BASE] = state;
}

/** The slice `noteBase` noted, if any. */
export const baseOf = (memo: Record<string, unknown>): IncentivesState | undefined =>
  memo[BASE] as IncentivesState | undefined;
