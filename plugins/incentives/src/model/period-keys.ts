import type { CapPeriod } from '../settings-types';
import { nextPeriodBoundary, periodKey } from '../time';

/**
 * The last key built for a cap or a budget in one time zone: which of the two, and the span of instants it is
 * the key of (`from` inclusive, `until` exclusive): from the start of the minute it was built in to the start of
 * the next period.
 */
interface LastKey {
  kind: 'cap' | 'budget';
  from: number;
  until: number;
  key: string;
}

/** At most this many time zones are remembered per cap or budget (then they are forgotten, all at once). */
const ZONES = 16;

/**
 * The last key built for each cap and budget in each time zone, by its settings object (one per loaded policy,
 * collected with it: at most ZONES entries per cap or budget of the policy). A period key is a function of the
 * minute and the time zone (the calendar parts are those of the minute: every offset in use is a whole number of
 * minutes), and the same until the period ends, so an award's limit and its record, or a budget's `prepare` and
 * its award, build it once, and so do the events of one period (a day, for a daily cap) that follow in time,
 * whatever the time zones of their users.
 */
const lastKeys = new WeakMap<object, Map<string, LastKey>>();

/**
 * The usage key of a cap (`<id>|<period key>`) or the counter of a budget (`incentives:budget:<id>:<period key>`)
 * for the `period` containing `t` in `timeZone`, remembered for `owner`.
 */
export function periodKeyOf(
  owner: { id: string; period: CapPeriod },
  kind: 'cap' | 'budget',
  t: number,
  timeZone: string,
): string {
  let zones = lastKeys.get(owner);
  const last = zones?.get(timeZone);
  if (last !== undefined && t >= last.from && t < last.until && last.kind === kind) return last.key;
  const from = Math.floor(t / 60_000) * 60_000;
  const period = periodKey(t, timeZone, owner.period);
  const until = periodUntil(t, timeZone, owner.period, period);
  // One flat string (see `entryId`): a usage key or a counter name outlives the call.
  const key =
    kind === 'cap' ? [owner.id, period].join('|') : ['incentives', 'budget', owner.id, period].join(':');
  if (last !== undefined) {
    last.kind = kind;
    last.from = from;
    last.until = until;
    last.key = key;
    return key;
  }
  if (zones === undefined) {
    zones = new Map();
    lastKeys.set(owner, zones);
  } else if (zones.size >= ZONES) zones.clear();
  zones.set(timeZone, { kind, from, until, key });
  return key;
}

/**
 * The end of the span from `t` in which the period key is `period` (`periodKey(t, …)`): the start of the next
 * period, checked with the key of the instant before it (a zone whose offset change crosses midnight could
 * read another date just before it); else the end of `t`'s minute.
 */
function periodUntil(t: number, timeZone: string, length: CapPeriod, period: string): number {
  const next = nextPeriodBoundary(t, timeZone, length);
  return next > t && periodKey(next - 1, timeZone, length) === period
    ? next
    : Math.floor(t / 60_000) * 60_000 + 60_000;
}
