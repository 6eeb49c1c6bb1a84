import type { TierLevel, TierSettings } from '../settings-types';
import type { TierState } from '../types';

const DAY = 86_400_000;

/** The result of `reviewTier`: the next tier state, and what changed or is due. */
export interface TierReview {
  state: TierState;
  /** Set when the tier changed in this review. */
  changed?: { from: string | null; to: string; direction: 'up' | 'down' | 'initial' };
  /** Set when the downgrade warning is due in this review. */
  warning?: { tier: string; to: string; downgradeAt: number };
  /** When the next review must run (a downgrade is pending), or null (nothing pending). */
  reviewAt: number | null;
}

/** Index of the highest level whose `minScore` the score reaches (0 when none). */
export function levelFor(levels: readonly TierLevel[], score: number): number {
  let index = 0;
  for (let i = 0; i < levels.length; i++) if (score >= levels[i]!.minScore) index = i;
  return index;
}

/** The place of the level `id` among `levels`, or -1 (a loop: no closure per review). */
export function levelIndex(levels: readonly TierLevel[], id: string): number {
  for (let i = 0; i < levels.length; i++) if ((levels[i] as TierLevel).id === id) return i;
  return -1;
}

/**
 * Reviews a user's tier at time `t` for the contribution score at `t`, with hysteresis:
 * upgrades at once; a downgrade only once the score has stayed below the tier's threshold
 * for the whole grace period (observed at every review), with a warning `warnDays` ahead.
 * Pure: same (previous state, score, t) → same review.
 */
export function reviewTier(
  current: TierState | null,
  score: number,
  t: number,
  settings: TierSettings,
): TierReview {
  const { levels, downgrade } = settings;
  const target = levelFor(levels, score);
  const targetId = levels[target]!.id;
  const index = current ? levelIndex(levels, current.id) : -1;
  if (!current || index < 0) {
    const state = { id: targetId, since: t };
    return {
      state,
      reviewAt: null,
      ...(target > 0 || current
        ? { changed: { from: current?.id ?? null, to: targetId, direction: 'initial' as const } }
        : {}),
    };
  }
  if (target > index) {
    return {
      state: { id: targetId, since: t },
      changed: { from: current.id, to: targetId, direction: 'up' },
      reviewAt: null,
    };
  }
  if (target === index) return { state: { id: current.id, since: current.since }, reviewAt: null };

  const grace = downgrade.graceDays * DAY;
  const belowSince = current.belowSince ?? t;
  const downgradeAt = belowSince + grace;
  if (t >= downgradeAt) {
    const next = downgrade.mode === 'one-tier' ? index - 1 : target;
    const to = levels[next]!.id;
    const stillBelow = next > target;
    const state: TierState = stillBelow
      ? { id: to, since: t, belowSince: t, downgradeAt: t + grace }
      : { id: to, since: t };
    const review: TierReview = {
      state,
      changed: { from: current.id, to, direction: 'down' },
      reviewAt: stillBelow ? Math.max(t, t + grace - downgrade.warnDays * DAY) : null,
    };
    if (stillBelow && grace - downgrade.warnDays * DAY <= 0) {
      review.state = { ...state, warned: true };
      review.warning = { tier: to, to: levels[next - 1]!.id, downgradeAt: t + grace };
      review.reviewAt = t + grace;
    }
    return review;
  }
  const to = levels[downgrade.mode === 'one-tier' ? index - 1 : target]!.id;
  const warnAt = downgradeAt - downgrade.warnDays * DAY;
  const state: TierState = { id: current.id, since: current.since, belowSince, downgradeAt };
  if (current.warned) return { state: { ...state, warned: true }, reviewAt: downgradeAt };
  if (t >= warnAt) {
    return {
      state: { ...state, warned: true },
      warning: { tier: current.id, to, downgradeAt },
      reviewAt: downgradeAt,
    };
  }
  return { state, reviewAt: warnAt };
}

/**
 * The tier a user is in: the one the last review assigned, else the entry tier (the first level) —
 * a user is in the entry tier before any review says so. Null only without tier levels.
 */
export const currentTierId = (tier: TierState | null, settings: TierSettings): string | null =>
  tier?.id ?? settings.levels[0]?.id ?? null;

/** The level settings of a tier id, if it exists. */
export const tierLevel = (settings: TierSettings, id: string | undefined): TierLevel | undefined =>
  settings.levels.find((l) => l.id === id);
