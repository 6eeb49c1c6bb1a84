import type { Store } from '@engageloop/core';
import { contestPrefix } from './keys';
import { periodOf } from './periods';
import type { ContestSettings } from './settings';

/** One entry of a leaderboard: the item, group or user id and its value in the period. */
export interface LeaderboardEntry {
  entry: string;
  value: number;
}

/**
 * A contest's leaderboard for the period containing `at` (in `timezone`, the policy's), read from the store at
 * any time: highest value first, equal values by ascending id (the tie rule the period's end applies).
 *
 * @example
 * const contest = policy.settings.community.contests.find((c) => c.id === 'monthly-likes');
 * const board = await leaderboard(engine.store, contest, Date.now(), 'Asia/Shanghai'); // [{ entry: 'p7', value: 42 }, …]
 */
export async function leaderboard(
  store: Pick<Store, 'topCounters'>,
  contest: Pick<ContestSettings, 'id' | 'period' | 'top'>,
  at: number,
  timezone: string,
  limit: number = contest.top,
): Promise<LeaderboardEntry[]> {
  const prefix = contestPrefix(contest.id, periodOf(at, timezone, contest.period).key);
  const entries = await store.topCounters(prefix, { limit });
  return entries.map((e) => ({ entry: e.key.slice(prefix.length), value: e.value }));
}
