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

/** The zone's UTC offset at `ms`, in minutes. */
function offsetAt(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const minute = Math.floor(ms / 60_000);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute) / 60_000 - minute;
}

/**
 * The first minute after `from` and at or before `to` whose UTC offset differs from `from`'s (a DST change), or
 * null when the offset is the same at both ends. Assumes at most one change in between (they are months apart).
 */
function offsetChange(from: number, to: number, timeZone: string): number | null {
  const before = offsetAt(from, timeZone);
  if (offsetAt(to, timeZone) === before) return null;
  let lo = Math.floor(from / 60_000);
  let hi = Math.floor(to / 60_000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * 60_000, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi * 60_000;
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
  return allowedFrom(ms, timeZone, quiet, 0);
}

function allowedFrom(
  ms: number,
  timeZone: string,
  quiet: Pick<QuietHours, 'start' | 'end'>,
  depth: number,
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
  // The clocks jumped forward between `ms` and that end: the first instant after the jump may show a time
  // outside the window already (01:59 → 03:00 with quiet hours until 02:30).
  const jump = offsetChange(ms, candidate, timeZone);
  if (jump !== null && jump > ms && jump < candidate && !isQuietAt(jump, timeZone, quiet)) candidate = jump;
  // A wall-clock time that occurs twice (the hour the clocks go back) resolves to its later instant: the
  // window's end first came one DST shift earlier, and that instant is already allowed.
  for (const shift of [3_600_000, 1_800_000]) {
    const earlier = candidate - shift;
    if (earlier > ms && minuteOfDay(earlier, timeZone) === end && !isQuietAt(earlier, timeZone, quiet)) {
      candidate = earlier;
      break;
    }
  }
  // Daylight-saving edges: step forward a minute at a time until the wall clock is outside the window.
  for (let i = 0; i < 180 && (candidate <= ms || isQuietAt(candidate, timeZone, quiet)); i++) {
    candidate = Math.max(candidate, ms) + 60_000 - (Math.max(candidate, ms) % 60_000);
  }
  // The jump skipped every allowed minute of the day (quiet 02:45–02:00 when 02:00–03:00 never happens):
  // the window ends again the next day.
  if (isQuietAt(candidate, timeZone, quiet) && depth < 2)
    return allowedFrom(candidate, timeZone, quiet, depth + 1);
  return candidate;
}
