import { earnedIn } from '../ledger/ledger';
import type { TierSettings } from '../settings-types';
import { localDayNumber } from '../time';
import type { IncentivesState } from '../types';

const DAY = 86_400_000;

/**
 * The contribution score at `t`: net points earned in the score wallet over the window, or the
 * weighted count of actions on the last `windowDays` local days (user's time zone).
 */
export function contributionScore(
  state: IncentivesState,
  tiers: TierSettings,
  t: number,
  timeZone: string,
): number {
  const { score } = tiers;
  if (score.source === 'points') {
    return earnedIn(state.entries, score.wallet ?? 'points', t, score.windowDays * DAY);
  }
  const today = localDayNumber(t, timeZone);
  let sum = 0;
  for (const [day, kind, count] of state.activity) {
    if (day > today - score.windowDays && day <= today) {
      const weights = score.weights ?? {};
      sum += (Object.hasOwn(weights, kind) ? weights[kind]! : 1) * count;
    }
  }
  return sum;
}
