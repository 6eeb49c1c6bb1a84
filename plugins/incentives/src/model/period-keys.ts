import type { CapPeriod } from '../settings-types';
import { periodKey } from '../time';

/** The last key built for a cap or a budget in one time zone: which of the two, and the minute it is the key of. */
interface LastKey {
  kind: 'cap' | 'budget';
  minute: number;
  key: string;
}

/** At most this many time zones are remembered per cap or budget (then they are forgotten, all at once). */
const ZONES = 16;

/**
 * The last key built for each cap and budget in each time zone, by its settings object (one per loaded policy,
 * collected with it: at most ZONES entries per cap or budget of the policy). A period key is a function of the
 * minute and the time zone (the calendar parts are those of the minute: every offset in use is a whole number of
 * minutes), so an award's limit and its record, or a budget's `prepare` and its award, build it once, and so do
 * the events of one minute, whatever the time zones of their users.
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
  const minute = Math.floor(t / 60_000);
  let zones = lastKeys.get(owner);
  const last = zones?.get(timeZone);
  if (last !== undefined && last.minute === minute && last.kind === kind) return last.key;
  const period = periodKey(t, timeZone, owner.period);
  // One flat string (see `entryId`): a usage key or a counter name outlives the call.
  const key =
    kind === 'cap' ? [owner.id, period].join('|') : ['incentives', 'budget', owner.id, period].join(':');
  if (last !== undefined) {
    last.kind = kind;
    last.minute = minute;
    last.key = key;
    return key;
  }
  if (zones === undefined) {
    zones = new Map();
    lastKeys.set(owner, zones);
  } else if (zones.size >= ZONES) zones.clear();
  zones.set(timeZone, { kind, minute, key });
  return key;
}
