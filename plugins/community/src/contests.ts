import type { ContestSettings } from './settings';
import type { ContestState } from './types';

/** One winner of a contest period: its rank (1 = first), the ranked entry (item, group or user id) and its value. */
export interface Placing {
  rank: number;
  entry: string;
  value: number;
}

/**
 * The winners of a period from the counters listed by `top` (value descending, then key ascending). Tie rule:
 * entries with equal values are ranked by ascending entry id (code point order) and take consecutive ranks;
 * no more than `contest.top` win; an entry at 0 or below (every like withdrawn) never wins. Pure.
 */
export function placings(
  contest: Pick<ContestSettings, 'top'>,
  prefix: string,
  entries: ReadonlyArray<{ key: string; value: number }>,
): Placing[] {
  const ranked = entries
    .filter((e) => e.key.startsWith(prefix) && e.value > 0)
    .map((e) => ({ entry: e.key.slice(prefix.length), value: e.value }))
    .sort((a, b) => b.value - a.value || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
  return ranked.slice(0, contest.top).map((e, i) => ({ rank: i + 1, ...e }));
}

/** Marks a period closed; null when it was closed before (a period closes once). Keeps the latest `limit`. */
export function closePeriod(state: ContestState, period: string, limit: number): ContestState | null {
  if (state.closed.includes(period)) return null;
  return { ...state, closed: [...state.closed, period].slice(-limit) };
}
