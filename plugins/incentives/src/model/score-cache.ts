import type { TierSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { contributionScore, nextScoreDrop } from './score';

interface Scored {
  key: object;
  tiers: TierSettings;
  t: number;
  timeZone: string;
  score: number;
  threshold?: number;
  drop?: number | null;
}

/*
 * The score of a slice depends only on its entries (points) or activity (actions), which are never
 * changed in place: a dispatch that reviews the tier twice (after the action stage, after all rules)
 * with no award in between computes it once. One slot (the last array asked about), so nothing is
 * kept per user; it holds that array until the next review.
 */
let last: Scored | undefined;

function scored(state: IncentivesState, tiers: TierSettings, t: number, timeZone: string): Scored {
  const key = tiers.score.source === 'points' ? state.entries : state.activity;
  const hit = last;
  if (hit && hit.key === key && hit.tiers === tiers && hit.t === t && hit.timeZone === timeZone) return hit;
  last = { key, tiers, t, timeZone, score: contributionScore(state, tiers, t, timeZone) };
  return last;
}

/** `contributionScore`, remembered for the slice's entries or activity. */
export const scoreAt = (state: IncentivesState, tiers: TierSettings, t: number, timeZone: string): number =>
  scored(state, tiers, t, timeZone).score;

/** `nextScoreDrop`, remembered for the slice's entries or activity. */
export function scoreDropAfter(
  state: IncentivesState,
  tiers: TierSettings,
  t: number,
  timeZone: string,
  threshold: number,
): number | null {
  const hit = scored(state, tiers, t, timeZone);
  if (hit.threshold !== threshold || hit.drop === undefined) {
    hit.drop = nextScoreDrop(state, tiers, t, timeZone, threshold);
    hit.threshold = threshold;
  }
  return hit.drop;
}
