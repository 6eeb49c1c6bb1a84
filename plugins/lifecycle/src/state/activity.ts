import { localDayNumber } from '@engageloop/core';
import { addActiveDay, encodeActiveDays, HISTORY_DAYS, hasActiveDay } from './active-days';
import { type LifecycleSlice, recentDaysOf } from './slice';

/** How many recent sentiment scores the slice keeps. */
export const SENTIMENT_HISTORY = 10;

export interface ActivityInput {
  time: number;
  timeZone: string;
  /** Purchase amount when the event is a purchase. */
  amount?: number;
  sentiment?: number;
}

/** Records one activity event (pure: returns a new slice). Out-of-order events keep the latest times. */
export function recordActivity(slice: LifecycleSlice, input: ActivityInput): LifecycleSlice {
  const day = localDayNumber(input.time, input.timeZone);
  const bits = slice.activeDayBits;
  // A day the bitmap already holds: the days, their count and the streak stay (no decoding and re-encoding).
  if (bits !== undefined && bits !== null && slice.recentDays === undefined) {
    if (hasActiveDay(bits, day)) return withTimes(slice, input);
    // A new day: shift it into the bitmap (constant work, where decoding grows with the days it holds).
    const added = addActiveDay(bits, day);
    if (added !== null && !('recentDays' in slice)) {
      const next = withTimes(slice, input);
      next.activeDayBits = added.bits;
      next.activeDays = slice.activeDays + 1;
      next.streak = added.streak;
      return next;
    }
  }
  const before = recentDaysOf(slice);
  const known = before.includes(day);
  const sorted = known ? before : [...before, day].sort((a, b) => a - b);
  const latest = sorted[sorted.length - 1] ?? day;
  const recentDays = sorted.filter((d) => d > latest - HISTORY_DAYS);
  // An older document's list of days is not carried over: the bitmap replaces it.
  const { recentDays: _list, ...rest } = slice;
  const next: LifecycleSlice = {
    ...rest,
    activeDayBits: encodeActiveDays(recentDays),
    activeDays: slice.activeDays + (known ? 0 : 1),
    streak: streakEndingAt(recentDays),
    firstActiveAt: slice.firstActiveAt === null ? input.time : Math.min(slice.firstActiveAt, input.time),
    lastActiveAt: slice.lastActiveAt === null ? input.time : Math.max(slice.lastActiveAt, input.time),
  };
  return withPurchaseAndSentiment(next, slice, input);
}

/** `slice` with the activity's times (its days unchanged), purchase and sentiment. */
function withTimes(slice: LifecycleSlice, input: ActivityInput): LifecycleSlice {
  const next: LifecycleSlice = {
    ...slice,
    firstActiveAt: slice.firstActiveAt === null ? input.time : Math.min(slice.firstActiveAt, input.time),
    lastActiveAt: slice.lastActiveAt === null ? input.time : Math.max(slice.lastActiveAt, input.time),
  };
  return withPurchaseAndSentiment(next, slice, input);
}

/** Sets `next`'s purchase totals and sentiments from the activity (`slice` is the one before it). */
function withPurchaseAndSentiment(next: LifecycleSlice, slice: LifecycleSlice, input: ActivityInput) {
  if (input.amount !== undefined && Number.isFinite(input.amount)) {
    next.spend = slice.spend + input.amount;
    next.purchases = slice.purchases + 1;
    next.firstPurchaseAt =
      slice.firstPurchaseAt === null ? input.time : Math.min(slice.firstPurchaseAt, input.time);
    next.lastPurchaseAt =
      slice.lastPurchaseAt === null ? input.time : Math.max(slice.lastPurchaseAt, input.time);
  }
  if (input.sentiment !== undefined && Number.isFinite(input.sentiment)) {
    next.sentiments = [...slice.sentiments, input.sentiment].slice(-SENTIMENT_HISTORY);
  }
  return next;
}

/** Consecutive active days ending at the latest active day. */
export function streakEndingAt(days: readonly number[]): number {
  let streak = 0;
  for (let i = days.length - 1; i >= 0; i--) {
    if (i === days.length - 1 || days[i] === (days[i + 1] as number) - 1) streak++;
    else break;
  }
  return streak;
}

/** Sentiment summary: latest score, average, and trend (mean of the last 3 minus mean of the 3 before). */
export function sentimentSummary(scores: readonly number[]): {
  last: number | null;
  average: number | null;
  trend: number;
} {
  if (scores.length === 0) return { last: null, average: null, trend: 0 };
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const recent = scores.slice(-3);
  const before = scores.slice(-6, -3);
  return {
    last: scores[scores.length - 1] ?? null,
    average: mean(scores),
    trend: before.length === 0 ? 0 : mean(recent) - mean(before),
  };
}
