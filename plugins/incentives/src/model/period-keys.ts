import type { CapPeriod } from '../settings-types';
import { periodKey } from '../time';

/** The last key built for a cap or a budget: which of the two, the minute and time zone it is the key of. */
interface LastKey {
  kind: 'cap' | 'budget';
  minute: number;
  timeZone: string;
  key: string;
}

/**
 * The last key built for each cap and budget, by its settings object (one per loaded policy, collected with it:
 * one entry per cap or budget of the policy). A period key is a function of the minute and the time zone (the
 * calendar parts are those of the minute: every offset in use is a whole number of minutes), so an award's limit
 * and its record, or a budget's `prepare` and its award, build it once, and so do events of the same minute.
 */
const lastKeys = new WeakMap<object, LastKey>();

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
  const last = lastKeys.get(owner);
  if (last !== undefined && last.minute === minute && last.timeZone === timeZone && last.kind === kind)
    return last.key;
  const period = periodKey(t, timeZone, owner.period);
  // One flat string (see `entryId`): a usage key or a counter name outlives the call.
  const key =
    kind === 'cap' ? [owner.id, period].join('|') : ['incentives', 'budget', owner.id, period].join(':');
  if (last === undefined) lastKeys.set(owner, { kind, minute, timeZone, key });
  else {
    last.kind = kind;
    last.minute = minute;
    last.timeZone = timeZone;
    last.key = key;
  }
  return key;
}
