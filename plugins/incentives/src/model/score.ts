import { earnedIn } from '../ledger/ledger';
import type { TierSettings } from '../settings-types';
import { instantOf, localDayNumber } from '../time';
import type { IncentivesState, LedgerEntry } from '../types';

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

/**
 * The first instant after `t` at which, with no new activity, the score falls below `threshold`
 * (points or actions leaving the window), or null when it never does. Used to arm a tier review
 * for inactive users, so a downgrade does not wait for their next event.
 */
export function nextScoreDrop(
  state: IncentivesState,
  tiers: TierSettings,
  t: number,
  timeZone: string,
  threshold: number,
): number | null {
  const windowDays = tiers.score.windowDays;
  if (tiers.score.source === 'points')
    return pointsDrop(state, tiers.score.wallet ?? 'points', t, windowDays * DAY, threshold);
  const candidates = state.activity.map(([day]) => {
    const date = new Date((day + windowDays) * DAY);
    return instantOf(
      { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
      timeZone,
    );
  });
  const sorted = [...new Set(candidates.filter((c) => c > t))].sort((a, b) => a - b);
  for (const at of sorted) if (contributionScore(state, tiers, at, timeZone) < threshold) return at;
  return null;
}

/**
 * Each award (net of its reversals) leaves the window at `at + window`. The common ledger — no
 * reversal, awards in time order — is read in place; otherwise awards are netted and sorted first.
 * Award ids are unique in a ledger (every append checks `hasEntry`).
 */
function pointsDrop(state: IncentivesState, wallet: string, t: number, windowMs: number, threshold: number) {
  const entries = state.entries;
  const from = t - windowMs;
  let score = 0;
  let last = -Infinity;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.wallet !== wallet || e.at > t) continue;
    if (e.kind === 'award' && e.at > from) {
      if (e.at < last) return pointsDropNetted(state, wallet, t, windowMs, threshold);
      last = e.at;
      score += e.amount;
    } else if (e.kind === 'revoke' && e.reverses !== undefined) {
      return pointsDropNetted(state, wallet, t, windowMs, threshold);
    }
  }
  let previous: LedgerEntry | undefined;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.wallet !== wallet || e.at > t || e.kind !== 'award' || e.at <= from) continue;
    // Awards leaving at the same instant leave together.
    if (previous !== undefined && previous.at !== e.at && score < threshold) return previous.at + windowMs;
    score -= e.amount;
    previous = e;
  }
  return previous !== undefined && score < threshold ? previous.at + windowMs : null;
}

/** Linear scan over awards netted of their reversals, in time order. */
export function pointsDropNetted(
  state: IncentivesState,
  wallet: string,
  t: number,
  windowMs: number,
  threshold: number,
) {
  const net = new Map<string, { at: number; amount: number }>();
  for (const e of state.entries) {
    if (e.wallet !== wallet || e.at > t) continue;
    if (e.kind === 'award' && e.at > t - windowMs) net.set(e.id, { at: e.at, amount: e.amount });
    else if (e.kind === 'revoke' && e.reverses !== undefined) {
      const original = net.get(e.reverses);
      if (original) original.amount += e.amount;
    }
  }
  const awards = [...net.values()].sort((a, b) => a.at - b.at);
  let score = awards.reduce((sum, a) => sum + a.amount, 0);
  for (let i = 0; i < awards.length; i++) {
    const leaves = awards[i]!.at + windowMs;
    score -= awards[i]!.amount;
    // Awards leaving at the same instant leave together.
    if (awards[i + 1]?.at === awards[i]!.at) continue;
    if (score < threshold) return leaves;
  }
  return null;
}
