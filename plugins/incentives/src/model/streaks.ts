import type { StreakSettings } from '../settings-types';
import { localDayNumber, localWeekNumber } from '../time';
import type { StreakState } from '../types';

/**
 * What one activity did to a streak: `started` a run (after a break, `broken` says how long the old one was),
 * `extended` it (using `frozen` freezes to bridge missed periods), or nothing (`same-period`, `out-of-order`).
 */
export type StreakStep =
  | { kind: 'started'; state: StreakState; broken?: { count: number } }
  | { kind: 'extended'; state: StreakState; frozen: number }
  | { kind: 'same-period' | 'out-of-order'; state: StreakState };

/** The local period number (day or ISO week since epoch) of instant `t` in the user's time zone. */
export const streakPeriod = (t: number, timeZone: string, period: StreakSettings['period']): number =>
  period === 'day' ? localDayNumber(t, timeZone) : localWeekNumber(t, timeZone);

/**
 * Advances a streak by an activity in local period `p`. Consecutive periods extend the run; a gap of
 * missed periods is bridged while the run still has freezes left (each missed period uses one);
 * otherwise the run breaks and a new one starts at 1. A second activity in the same period changes nothing.
 */
export function advanceStreak(
  current: StreakState | undefined,
  p: number,
  settings: StreakSettings,
): StreakStep {
  if (!current) return { kind: 'started', state: { count: 1, last: p, best: 1, frozen: 0 } };
  if (p === current.last) return { kind: 'same-period', state: current };
  if (p < current.last) return { kind: 'out-of-order', state: current };
  const missed = p - current.last - 1;
  if (missed <= (settings.freezes ?? 0) - current.frozen) {
    const count = current.count + 1;
    return {
      kind: 'extended',
      frozen: missed,
      state: { count, last: p, best: Math.max(current.best, count), frozen: current.frozen + missed },
    };
  }
  return {
    kind: 'started',
    state: { count: 1, last: p, best: current.best, frozen: 0 },
    broken: { count: current.count },
  };
}

/** The run as of local period `p`: 0 when it can no longer be extended (too many missed periods). */
export function currentRun(state: StreakState | undefined, p: number, settings: StreakSettings): number {
  if (!state) return 0;
  const missed = p - state.last - 1;
  return missed <= (settings.freezes ?? 0) - state.frozen ? state.count : 0;
}
