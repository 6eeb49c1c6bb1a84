import { instantOf, zonedParts } from '@engageloop/core';
import type { BusinessHours } from './settings';

const DAY = 86_400_000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** The opening window of the local day containing `ms`, or null when closed that day. */
function windowOf(ms: number, hours: BusinessHours, zone: string): [number, number] | null {
  const p = zonedParts(ms, zone);
  if (!hours.days.includes(p.weekday)) return null;
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (end <= start) return null;
  const open = instantOf({ year: p.year, month: p.month, day: p.day, hour: 0, minute: start }, zone);
  const close = instantOf({ year: p.year, month: p.month, day: p.day, hour: 0, minute: end }, zone);
  return [open, close];
}

/** Noon of the next local day, a safe point to step to whatever the DST changes. */
function nextDay(ms: number, zone: string): number {
  const p = zonedParts(ms, zone);
  return instantOf({ year: p.year, month: p.month, day: p.day, hour: 12 }, zone) + DAY;
}

/**
 * The instant `durationMs` of business time after `start`: time outside the opening hours does not count.
 * Returns NaN when the hours never open (no day with start < end).
 *
 * @example
 * // Mon–Fri 09:00–18:00 Shanghai, 2 h from Friday 17:00 → Monday 10:00
 * addBusinessTime(fri17, 7_200_000, { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }, 'Asia/Shanghai')
 */
export function addBusinessTime(
  start: number,
  durationMs: number,
  hours: BusinessHours,
  zone: string,
): number {
  if (minutesOf(hours.end) <= minutesOf(hours.start) || hours.days.length === 0) return Number.NaN;
  let cursor = start;
  let remaining = durationMs;
  // A closed week repeats forever; give up after a bounded number of days.
  for (let i = 0; i < 3700; i++) {
    const window = windowOf(cursor, hours, zone);
    if (window) {
      const [open, close] = window;
      if (cursor < open) cursor = open;
      if (cursor < close) {
        const take = Math.min(remaining, close - cursor);
        cursor += take;
        remaining -= take;
        if (remaining <= 0) return cursor;
      }
    }
    const next = nextDay(cursor, zone);
    const p = zonedParts(next, zone);
    cursor = instantOf({ year: p.year, month: p.month, day: p.day, hour: 0 }, zone);
  }
  return Number.NaN;
}
