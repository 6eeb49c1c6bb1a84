import type { NeedsSettings } from './settings';
import type { NeedDoc } from './types';

/** A need's priority: a 0–100 score and whether many users share it. */
export interface NeedPriority {
  score: number;
  /** `common` (共性: at least `commonThreshold` supporters) or `individual` (个性). */
  reach: 'common' | 'individual';
}

const NEUTRAL = 3;

/**
 * Scores a need from importance, implementation difficulty (easier scores higher), impact on experience
 * (each 1–5, neutral 3 until assessed) and how many users support it, weighted by `settings.priority.weights`.
 *
 * @example
 * priorityOf(need, settings) // { score: 64, reach: 'individual' }
 */
export function priorityOf(
  need: Pick<NeedDoc, 'assessment' | 'supporters'>,
  priority: NeedsSettings['priority'],
): NeedPriority {
  const { weights, commonThreshold } = priority;
  const importance = need.assessment.importance ?? NEUTRAL;
  const ease = 6 - (need.assessment.difficulty ?? NEUTRAL);
  const impact = need.assessment.impact ?? NEUTRAL;
  const count = need.supporters.length;
  // 1 supporter → 1, commonThreshold supporters or more → 5, logarithmic between.
  const reachScore = 1 + 4 * Math.min(1, Math.log(count) / Math.log(commonThreshold));
  const total = weights.importance + weights.difficulty + weights.impact + weights.supporters;
  const weighted =
    weights.importance * importance +
    weights.difficulty * ease +
    weights.impact * impact +
    weights.supporters * reachScore;
  // Each input runs 1..5: map the weighted mean onto 0..100.
  const score = total === 0 ? 0 : Math.round(((weighted / total - 1) / 4) * 1000) / 10;
  return { score, reach: count >= commonThreshold ? 'common' : 'individual' };
}
