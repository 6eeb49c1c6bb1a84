import type { BudgetSettings, CapPeriod, CapSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { periodKeyOf } from './period-keys';
import { sliceWith } from './state';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The longest a period can last (DST included). */
const LONGEST: Record<CapPeriod, number> = {
  day: 26 * HOUR,
  week: 7 * DAY + 2 * HOUR,
  month: 32 * DAY,
  year: 367 * DAY,
};

export interface CapHit {
  id: string;
  kind: 'cap' | 'budget';
  max: number;
  used: number;
  /** `late`: the event is older than the cap can still account for. */
  reason: 'limit' | 'late';
}

/** A cap applies to an award when the award names it, or when its rule and wallet filters match. */
const applies = (
  c: { id: string; rules?: string[]; wallet?: string },
  ruleId: string,
  wallet: string,
  named: readonly string[] = [],
) =>
  named.includes(c.id) ||
  ((c.rules === undefined || c.rules.includes(ruleId)) && (c.wallet === undefined || c.wallet === wallet));

/** The usage key of a per-user cap in the period containing `t` (user's time zone). */
export const capKey = (cap: CapSettings, t: number, timeZone: string): string =>
  periodKeyOf(cap, 'cap', t, timeZone);

/** The shared counter of a global budget in the period containing `t` (policy time zone). */
export const budgetCounterKey = (budget: BudgetSettings, t: number, timeZone: string): string =>
  periodKeyOf(budget, 'budget', t, timeZone);

const BAR = 124; // '|'

/** Whether `key` is a usage key of the cap `capId` (`<capId>|…`), read in place. */
const underCap = (key: string, capId: string): boolean =>
  key.length > capId.length && key.charCodeAt(capId.length) === BAR && key.startsWith(capId);

function newestUse(usage: IncentivesState['usage'], capId: string): number {
  let newest = -Infinity;
  for (const key in usage) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see the core's plugin/bags.ts)
    if (!Object.prototype.hasOwnProperty.call(usage, key) || !underCap(key, capId)) continue;
    const at = usage[key]!.at;
    if (at > newest) newest = at;
  }
  return newest;
}

export interface CapInput {
  ruleId: string;
  wallet: string;
  amount: number;
  t: number;
  timeZone: string;
  caps: readonly CapSettings[];
  budgets: readonly BudgetSettings[];
  /** Amount already used of each budget (by budget id) in the current period. */
  budgetUsed: (budget: BudgetSettings) => number;
  /** Caps and budgets the award names explicitly (`caps` param), whatever their filters. */
  named?: readonly string[];
}

/**
 * How much of an award the caps and budgets let through: `granted ≤ amount`, and every
 * per-user cap and global budget that applies stays within its `max` for the period.
 * Usage is kept for about three periods; an event dated more than two (longest) periods before
 * the newest award under a cap is refused as `late`, so caps hold for any order of events.
 */
export function limitAward(state: IncentivesState, input: CapInput): { granted: number; hits: CapHit[] } {
  let granted = input.amount;
  const hits: CapHit[] = [];
  for (const cap of input.caps) {
    if (!applies(cap, input.ruleId, input.wallet, input.named)) continue;
    if (input.t < newestUse(state.usage, cap.id) - 2 * LONGEST[cap.period]) {
      hits.push({ id: cap.id, kind: 'cap', max: cap.max, used: cap.max, reason: 'late' });
      granted = 0;
      continue;
    }
    const used = state.usage[capKey(cap, input.t, input.timeZone)]?.n ?? 0;
    const room = Math.max(0, cap.max - used);
    if (room < granted) {
      hits.push({ id: cap.id, kind: 'cap', max: cap.max, used, reason: 'limit' });
      granted = room;
    }
  }
  for (const budget of input.budgets) {
    if (!applies(budget, input.ruleId, input.wallet, input.named)) continue;
    const used = input.budgetUsed(budget);
    const room = Math.max(0, budget.max - used);
    if (room < granted) {
      hits.push({ id: budget.id, kind: 'budget', max: budget.max, used, reason: 'limit' });
      granted = room;
    }
  }
  return { granted, hits };
}

/** Records `granted` against every applicable per-user cap, pruning periods no event can reach any more. */
export function recordUsage(
  state: IncentivesState,
  input: Pick<CapInput, 'ruleId' | 'wallet' | 't' | 'timeZone' | 'caps' | 'named'>,
  granted: number,
): IncentivesState {
  if (input.caps.length === 0 || granted <= 0) return state;
  const caps = input.caps.filter((cap) => applies(cap, input.ruleId, input.wallet, input.named));
  if (caps.length === 0) return state;
  let usage = state.usage;
  for (const cap of caps)
    usage = usageWith(usage, cap, capKey(cap, input.t, input.timeZone), input.t, granted);
  return sliceWith(state, { usage });
}

/**
 * What `recordUsage` leaves for one cap, built in one copy without `delete` (which turns the record into a hash
 * table, slower to copy and to read on every later award): the keys in the same order, `key` counted up (last
 * when new), and the cap's keys older than three periods before its newest use left out. Several caps: one after
 * the other, each on what the last left.
 */
function usageWith(
  usage: IncentivesState['usage'],
  cap: CapSettings,
  key: string,
  t: number,
  granted: number,
): IncentivesState['usage'] {
  const had = Object.hasOwn(usage, key);
  const prev = had ? usage[key] : undefined;
  const counted = { n: (prev?.n ?? 0) + granted, at: Math.max(prev?.at ?? -Infinity, t) };
  let newest = -Infinity;
  for (const k in usage) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see the core's plugin/bags.ts)
    if (!Object.prototype.hasOwnProperty.call(usage, k) || !underCap(k, cap.id)) continue;
    const at = k === key ? counted.at : usage[k]!.at;
    if (at > newest) newest = at;
  }
  if (!had && counted.at > newest) newest = counted.at;
  const oldest = newest - 3 * LONGEST[cap.period];
  const out: IncentivesState['usage'] = {};
  for (const k in usage) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see the core's plugin/bags.ts)
    if (!Object.prototype.hasOwnProperty.call(usage, k)) continue;
    if (!underCap(k, cap.id)) put(out, k, usage[k]!);
    else {
      const use = k === key ? counted : usage[k]!;
      if (!(use.at < oldest)) put(out, k, use);
    }
  }
  if (!had && !(counted.at < oldest)) put(out, key, counted);
  return out;
}

/**
 * Sets `key` of a record being built: a `__proto__` key is defined as an own property (assigning it would set
 * the prototype).
 */
function put<T>(out: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/**
 * Gives back `amount` of the per-user caps an award of `ruleId` into `wallet` at `t` counted against (those its
 * rule and wallet filters reach; usage never below zero): the room an undone award took is free again.
 */
export function releaseUsage(
  state: IncentivesState,
  input: Pick<CapInput, 'ruleId' | 'wallet' | 't' | 'timeZone' | 'caps'>,
  amount: number,
): IncentivesState {
  const keys = input.caps
    .filter((cap) => applies(cap, input.ruleId, input.wallet))
    .map((cap) => capKey(cap, input.t, input.timeZone))
    .filter((key) => Object.hasOwn(state.usage, key));
  if (keys.length === 0 || amount <= 0) return state;
  const usage: IncentivesState['usage'] = { ...state.usage };
  for (const key of keys) {
    const use = usage[key]!;
    usage[key] = { n: Math.max(0, use.n - amount), at: use.at };
  }
  return sliceWith(state, { usage });
}

/** Drops usage of caps no longer in the settings. */
export function pruneUsage(state: IncentivesState, caps: readonly CapSettings[]): IncentivesState {
  // Usually every key is a cap's: read in place, nothing is allocated.
  let stale = false;
  const usage = state.usage;
  for (const key in usage) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see the core's plugin/bags.ts)
    if (Object.prototype.hasOwnProperty.call(usage, key) && !capOwns(caps, key)) {
      stale = true;
      break;
    }
  }
  if (!stale) return state;
  const keep = Object.keys(state.usage).filter((k) => capOwns(caps, k));
  return sliceWith(state, { usage: Object.fromEntries(keep.map((k) => [k, state.usage[k]!])) });
}

/** Whether `key`'s cap id (what precedes its first `|`; all but its last character when none) is one of `caps`. */
function capOwns(caps: readonly CapSettings[], key: string): boolean {
  const bar = key.indexOf('|');
  const length = bar < 0 ? key.length - 1 : bar;
  for (const cap of caps) if (cap.id.length === length && key.startsWith(cap.id)) return true;
  return false;
}

/** The budgets that apply to awards of `ruleId` in `wallet` (for the counters named in `prepare`). */
export const budgetsFor = (
  budgets: readonly BudgetSettings[],
  ruleId: string,
  wallet: string,
  named?: readonly string[],
) => budgets.filter((b) => applies(b, ruleId, wallet, named));
