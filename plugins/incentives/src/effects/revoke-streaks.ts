import { own, sliceWith } from '../model/state';
import { advanceStreak, streakPeriod } from '../model/streaks';
import type { IncentivesSettings } from '../settings-types';
import type { Contribution, IncentivesState, StreakState } from '../types';

/**
 * The streaks the event of contribution `c` hit, recomputed without it: each is replayed from its state
 * before the event over the later hits that remain (their recorded states before are rewritten, so a later
 * undo recomputes from the right start). A run the event bridged breaks; a day another event also lived stays.
 * Returns the ids of the recomputed streaks (their `best` is then what the remaining hits reached).
 */
export function recomputeStreaks(
  state: IncentivesState,
  c: Contribution,
  settings: IncentivesSettings,
  timezone: string,
): { state: IncentivesState; recomputed: string[] } {
  const recent = state.recent ?? [];
  const from = recent.findIndex((r) => r.eventId === c.eventId);
  if (c.streaks === undefined || from < 0) return { state, recomputed: [] };
  const streaks = { ...state.streaks };
  const later = recent
    .slice(from + 1)
    .map((r) =>
      r.streaks ? { ...r, streaks: r.streaks.map(([id, b]): [string, StreakState | null] => [id, b]) } : r,
    );
  const recomputed: string[] = [];
  for (const [id, before] of c.streaks) {
    const streak = own(settings.streaks, id);
    if (!streak || recomputed.includes(id)) continue;
    recomputed.push(id);
    let run: StreakState | undefined = before ?? undefined;
    for (const r of later) {
      for (const hit of r.streaks ?? []) {
        if (hit[0] !== id) continue;
        hit[1] = run ?? null;
        run = advanceStreak(run, streakPeriod(r.at, timezone, streak.period), streak).state;
      }
    }
    if (run === undefined) delete streaks[id];
    else streaks[id] = run;
  }
  return {
    state: sliceWith(state, { streaks, recent: [...recent.slice(0, from + 1), ...later] }),
    recomputed,
  };
}
