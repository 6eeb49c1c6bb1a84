import { instantOf, zonedParts } from '@engageloop/core';

/**
 * Quiet hours in the user's local time. `start`/`end` are `HH:MM`; a window whose end is not after
 * its start crosses midnight (`22:00`–`08:00`). Equal start and end means no quiet hours.
 */
export interface QuietHours {
  start: string;
  end: string;
  /** `defer`: send at the next allowed time; `drop`: do not send. */
  action: 'defer' | 'drop';
}

/** Minutes after midnight of an `HH:MM` string (validated by the settings schema). */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

function minuteOfDay(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return (p.hour % 24) * 60 + p.minute;
}

/** True when `ms` falls inside the quiet hours in `timeZone` (start inclusive, end exclusive). */
export function isQuietAt(ms: number, timeZone: string, quiet: Pick<QuietHours, 'start' | 'end'>): boolean {
  const start = clockMinutes(quiet.start);
  const end = clockMinutes(quiet.end);
  if (start === end) return false;
  const m = minuteOfDay(ms, timeZone);
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/**
 * The first instant at or after `ms` outside the quiet hours: `ms` itself when it is allowed,
 * else the end of the quiet window on the right local date (handles windows crossing midnight).
 *
 * @example
 * // 23:30 in Shanghai with quiet hours 22:00–08:00 → 08:00 the next morning in Shanghai
 * nextAllowedTime(Date.parse('2026-01-01T15:30:00Z'), 'Asia/Shanghai', { start: '22:00', end: '08:00' })
 */
export function nextAllowedTime(
  ms: number,
  timeZone: string,
  quiet: Pick<QuietHours, 'start' | 'end'>,
): number {
  if (!isQuietAt(ms, timeZone, quiet)) return ms;
  const start = clockMinutes(quiet.start);
  const end = clockMinutes(quiet.end);
  const p = zonedParts(ms, timeZone);
  const m = (p.hour % 24) * 60 + p.minute;
  const nextDay = start > end && m >= start;
  let candidate = instantOf(
    {
      year: p.year,
      month: p.month,
      day: p.day + (nextDay ? 1 : 0),
      hour: Math.floor(end / 60),
      minute: end % 60,
    },
    timeZone,
  );
  // Daylight-saving edges: step forward a minute at a time until the wall clock is outside the window.
  for (let i = 0; i < 180 && (candidate <= ms || isQuietAt(candidate, timeZone, quiet)); i++) {
    candidate = Math.max(candidate, ms) + 60_000 - (Math.max(candidate, ms) % 60_000);
  }
  return candidate;
}
