import { instantOf, type Period, periodKey, zonedParts } from '@engageloop/core';

/**
 * The instant the calendar period containing `ms` ends in `timeZone`: the next local midnight (day), Monday
 * 00:00 (ISO week), first of the next month, or 1 January. Pure.
 */
export function periodEnd(ms: number, timeZone: string, period: Period): number {
  const p = zonedParts(ms, timeZone);
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day));
  if (period === 'day') next.setUTCDate(next.getUTCDate() + 1);
  else if (period === 'week') next.setUTCDate(next.getUTCDate() + (8 - p.weekday));
  else if (period === 'month') next.setUTCMonth(next.getUTCMonth() + 1, 1);
  else next.setUTCFullYear(next.getUTCFullYear() + 1, 0, 1);
  return instantOf(
    { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() },
    timeZone,
  );
}

/** The key of the period containing `ms` and the instant it ends. */
export function periodOf(ms: number, timeZone: string, period: Period): { key: string; endsAt: number } {
  return { key: periodKey(ms, timeZone, period), endsAt: periodEnd(ms, timeZone, period) };
}
