import type { MilestoneSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { distinctCount } from './distinct';

/** The current progress value of a milestone: its action count, its streak's run, or its distinct keys. */
export function progressOf(
  state: IncentivesState,
  milestone: MilestoneSettings,
  streakRun: (id: string) => number,
): number {
  if (milestone.action !== undefined) {
    return Object.hasOwn(state.actions, milestone.action) ? state.actions[milestone.action]! : 0;
  }
  if (milestone.distinct !== undefined) return distinctCount(state, milestone.distinct, milestone.minScore);
  return milestone.streak === undefined ? 0 : streakRun(milestone.streak);
}

/** Milestones whose threshold the progress now reaches and that were not reached before. */
export function newlyReached(
  state: IncentivesState,
  milestones: readonly MilestoneSettings[],
  streakRun: (id: string) => number,
): MilestoneSettings[] {
  return milestones.filter(
    (m) => !Object.hasOwn(state.milestones, m.id) && progressOf(state, m, streakRun) >= m.threshold,
  );
}

export interface NextMilestone {
  id: string;
  threshold: number;
  current: number;
  remaining: number;
  /** True when `remaining` is within the policy's `nudgeWithin`: time for a "2 to go" nudge. */
  close: boolean;
}

/** The nearest milestone not yet reached (optionally of one action or streak), for nudges. */
export function nextMilestone(
  state: IncentivesState,
  milestones: readonly MilestoneSettings[],
  streakRun: (id: string) => number,
  nudgeWithin: number,
  filter: { action?: string; streak?: string; distinct?: string; id?: string } = {},
): NextMilestone | null {
  let best: NextMilestone | null = null;
  for (const m of milestones) {
    if (Object.hasOwn(state.milestones, m.id)) continue;
    if (filter.id !== undefined && m.id !== filter.id) continue;
    if (filter.action !== undefined && m.action !== filter.action) continue;
    if (filter.streak !== undefined && m.streak !== filter.streak) continue;
    if (filter.distinct !== undefined && m.distinct !== filter.distinct) continue;
    const current = progressOf(state, m, streakRun);
    const remaining = Math.max(0, m.threshold - current);
    if (!best || remaining < best.remaining) {
      best = { id: m.id, threshold: m.threshold, current, remaining, close: remaining <= nudgeWithin };
    }
  }
  return best;
}
