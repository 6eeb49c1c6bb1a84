/**
 * Calendar arithmetic in a user's time zone, with Intl only (no dependency).
 * Used for caps per period, streaks of consecutive days, quiet hours and anniversaries.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Wall-clock parts of an instant in a time zone. `weekday`: 1 = Monday … 7 = Sunday (ISO). */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offsets are cached per zone and hour: the offset at each hour's start, in ms (local wall time − UTC). Within an
 * hour whose start and end have the same offset, every instant has that offset (no zone changes its offset twice
 * within an hour), so its wall-clock parts are plain UTC arithmetic on `ms + offset`; an hour that holds a change
 * is formatted with Intl per instant. One Intl call per hour instead of one per distinct minute (a day of events
 * across 1,440 minutes asked Intl 1,440 times; now 25). A pure function's memo, bounded per zone.
 */
const HOUR = 3_600_000;
const OFFSETS_PER_ZONE = 100_000;
const offsetCache = new Map<string, Map<number, number>>();

/** The offset (ms) at the start of hour `h` (since the epoch) in `timeZone`, from Intl. */
function hourOffset(h: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  let offset = zone.get(h);
  if (offset === undefined) {
    offset = intlOffset(h * HOUR, timeZone);
    if (zone.size >= OFFSETS_PER_ZONE) zone.clear();
    zone.set(h, offset);
  }
  return offset;
}

/** Local wall time − UTC at `ms` (whole seconds: `ms` is taken at its second), from Intl. */
function intlOffset(ms: number, timeZone: string): number {
  const p = computeParts(ms, timeZone);
  const second = Math.floor(ms / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - second;
}

/** Local wall time − UTC at `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const h = Math.floor(ms / HOUR);
  const offset = hourOffset(h, timeZone);
  return offset === hourOffset(h + 1, timeZone) ? offset : intlOffset(ms, timeZone);
}

/** Wall-clock parts of `ms` in `timeZone` (Intl once per hour and zone, then UTC arithmetic). */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const local = new Date(ms + offsetAt(ms, timeZone));
  const weekday = local.getUTCDay();
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: weekday === 0 ? 7 : weekday,
  };
}

function computeParts(ms: number, timeZone: string): ZonedParts {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type === 'weekday') out.weekday = WEEKDAYS[part.value] ?? 1;
    else if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out as unknown as ZonedParts;
}

/** Days since 1970-01-01 of the local calendar date in `timeZone` (consecutive days differ by 1). */
export function localDayNumber(ms: number, timeZone: string): number {
  return Math.floor((ms + offsetAt(ms, timeZone)) / 86_400_000);
}

/** ISO week number since epoch of the local date (weeks start Monday); consecutive weeks differ by 1. */
export function localWeekNumber(ms: number, timeZone: string): number {
  // 1970-01-01 was a Thursday; shift so weeks start on Monday.
  return Math.floor((localDayNumber(ms, timeZone) + 3) / 7);
}

/** A calendar period in the user's time zone, as caps, budgets and contests count them (weeks are ISO weeks). */
export type Period = 'day' | 'week' | 'month' | 'year';

/** A stable key of the calendar period containing `ms` in `timeZone`, e.g. `day:2026-11-23`, `week:2026-W48`. */
export function periodKey(ms: number, timeZone: string, period: Period): string {
  const p = zonedParts(ms, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (period) {
    case 'day':
      return `day:${p.year}-${pad(p.month)}-${pad(p.day)}`;
    case 'month':
      return `month:${p.year}-${pad(p.month)}`;
    case 'year':
      return `year:${p.year}`;
    case 'week':
      return `week:${localWeekNumber(ms, timeZone)}`;
  }
}

/** The UTC offset of `timeZone` at instant `ms`, in minutes (east positive). */
export function offsetMinutes(ms: number, timeZone: string): number {
  return Math.round(offsetAt(ms, timeZone) / 60_000);
}

/**
 * The instant at which the local wall clock in `timeZone` reads the given date and time.
 * Wall times skipped by a DST change resolve to the instant just after the gap.
 */
export function instantOf(
  local: { year: number; month: number; day: number; hour?: number; minute?: number },
  timeZone: string,
): number {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0);
  let ms = guess - offsetMinutes(guess, timeZone) * 60_000;
  // Second pass settles instants near an offset change.
  ms = guess - offsetMinutes(ms, timeZone) * 60_000;
  return ms;
}

/** The local calendar date `days` after the local date `p` (calendar arithmetic, no time zone involved). */
function addDays(p: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The first instant after `ms` at which a new `period` begins on the local calendar of `timeZone`: the next
 * local midnight (`day`), the next Monday 00:00 (`week`, ISO weeks), the 1st of the next month, or 1 January of
 * the next year. An instant exactly on a boundary gives the following one. Local midnight follows the zone's
 * offset on that date (a DST change moves it in UTC); a midnight the zone skips resolves to the instant just
 * after the gap (see `instantOf`). What a contest's period end is scheduled at (`ctx.schedule`, `entity`).
 *
 * @example
 * nextPeriodBoundary(Date.parse('2026-03-29T12:00:00Z'), 'Europe/London', 'day') // Date.parse('2026-03-29T23:00:00Z')
 * nextPeriodBoundary(Date.parse('2026-05-31T15:59:59Z'), 'Asia/Shanghai', 'month') // Date.parse('2026-05-31T16:00:00Z')
 */
export function nextPeriodBoundary(ms: number, timeZone: string, period: Period): number {
  const p = zonedParts(ms, timeZone);
  switch (period) {
    case 'day':
      return instantOf(addDays(p, 1), timeZone);
    case 'week': {
      const weekday = (((localDayNumber(ms, timeZone) + 3) % 7) + 7) % 7; // 0 = Monday
      return instantOf(addDays(p, 7 - weekday), timeZone);
    }
    case 'month':
      return instantOf(
        p.month === 12
          ? { year: p.year + 1, month: 1, day: 1 }
          : { year: p.year, month: p.month + 1, day: 1 },
        timeZone,
      );
    case 'year':
      return instantOf({ year: p.year + 1, month: 1, day: 1 }, timeZone);
  }
}
