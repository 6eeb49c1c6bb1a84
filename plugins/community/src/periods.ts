import { nextPeriodBoundary, type Period, periodKey } from '@engageloop/core';

/** The key of the calendar period containing `ms` in `timeZone` and the instant it ends (core's boundary). */
export function periodOf(ms: number, timeZone: string, period: Period): { key: string; endsAt: number } {
  return { key: periodKey(ms, timeZone, period), endsAt: nextPeriodBoundary(ms, timeZone, period) };
}
