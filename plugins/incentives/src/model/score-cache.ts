import type { TierSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { contributionScore, nextScoreDrop } from './score';

interface Scored {
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
 * with no award in between computes it once. Keyed weakly by that array.
 */
const cache = new WeakMap<object, Scored>();

function scored(state: IncentivesState, tiers: TierSettings, t: number, timeZone: string): Scored {
  const key = tiers.score.source === 'points' ? state.entries : state.activity;
  let hit = cache.get(key);
  if (!hit || hit.tiers !== tiers || hit.t !== t || hit.timeZone !== timeZone) {
    hit = { tiers, t, timeZone, score: contributionScore(state, tiers, t, timeZone) };
    cache.set(key, hit);
  }
  return hit;
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
