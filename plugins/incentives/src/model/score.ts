import { earnedIn } from '../ledger/ledger';
import { type AwardColumns, awardColumns } from '../ledger/ledger-index';
import { foldedFlat, foldedList, foldedSumIn } from '../ledger/recent-awards';
import { idOf } from '../ledger/stored-entry';
import type { TierSettings } from '../settings-types';
import { instantOf, localDayNumber } from '../time';
import type { FoldedAwards, IncentivesState, StoredEntry } from '../types';
import { type LedgerPass, scanLedger } from './ledger-pass';

const DAY = 86_400_000;

/**
 * The contribution score at `t`: net points earned in the score wallet over the window, or the
 * weighted count of actions on the last `windowDays` local days (user's time zone). `pass`, when given, is
 * `ledgerPass(state, tiers, t)` (its sum is read instead of scanning the ledger again).
 */
export function contributionScore(
  state: IncentivesState,
  tiers: TierSettings,
  t: number,
  timeZone: string,
  pass?: LedgerPass,
): number {
  const { score } = tiers;
  if (score.source === 'points') {
    const wallet = score.wallet ?? 'points';
    const windowMs = score.windowDays * DAY;
    const earned =
      pass !== undefined && !pass.reversal ? pass.earned : earnedIn(state.entries, wallet, t, windowMs);
    // The folded awards inside the window, added after the entries in list order (what summing
    // `foldedIn` onto `earned` adds), without building that list.
    const opening = Object.hasOwn(state.opening, wallet) ? state.opening[wallet] : undefined;
    return foldedSumIn(opening?.recent, t - windowMs, t, earned);
  }
  const today = localDayNumber(t, timeZone);
  let sum = 0;
  for (const [day, kind, count] of state.activity) {
    if (day > today - score.windowDays && day <= today) {
      const weights = score.weights ?? {};
      sum += (Object.hasOwn(weights, kind) ? weights[kind]! : 1) * count;
    }
  }
  return sum;
}

/**
 * The first instant after `t` at which, with no new activity, the score falls below `threshold`
 * (points or actions leaving the window), or null when it never does. Used to arm a tier review
 * for inactive users, so a downgrade does not wait for their next event. `pass`: as `contributionScore`'s.
 */
export function nextScoreDrop(
  state: IncentivesState,
  tiers: TierSettings,
  t: number,
  timeZone: string,
  threshold: number,
  pass?: LedgerPass,
): number | null {
  const windowDays = tiers.score.windowDays;
  if (tiers.score.source === 'points')
    return pointsDrop(state, tiers.score.wallet ?? 'points', t, windowDays * DAY, threshold, pass);
  const candidates = state.activity.map(([day]) => {
    const date = new Date((day + windowDays) * DAY);
    return instantOf(
      { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
      timeZone,
    );
  });
  const sorted = [...new Set(candidates.filter((c) => c > t))].sort((a, b) => a - b);
  for (const at of sorted) if (contributionScore(state, tiers, at, timeZone) < threshold) return at;
  return null;
}

/**
 * Each award (net of its reversals) leaves the window at `at + window`. The common ledger — no
 * reversal, awards in time order — is read in place; otherwise awards are netted and sorted first.
 * Award ids are unique in a ledger (every append checks `hasEntry`).
 */
function pointsDrop(
  state: IncentivesState,
  wallet: string,
  t: number,
  windowMs: number,
  threshold: number,
  pass: LedgerPass | undefined,
) {
  const stored = Object.hasOwn(state.opening, wallet) ? state.opening[wallet]!.recent : undefined;
  const columns = awardColumns(state.entries, wallet);
  if (columns !== undefined) {
    const recent = foldedFlat(stored);
    if (recent.length === 0) return pointsDropOfColumns(columns, t, windowMs, threshold);
    const drop = pointsDropOfFoldedColumns(recent, columns, t, windowMs, threshold);
    return drop === undefined ? pointsDropNetted(state, wallet, t, windowMs, threshold) : drop;
  }
  // The folded awards inside the window come first (as `pointsDropNetted` lists them), then the entries'. The
  // folded ones are read in place (`foldedList`): a ledger without an index is mostly a just-parsed document's.
  const first = pass ?? scanLedger(state, wallet, t, windowMs);
  if (first.dropScore === undefined)
    return (
      (first.reversal ? undefined : dropOfUnordered(stored, state.entries, wallet, t, windowMs, threshold)) ??
      pointsDropNetted(state, wallet, t, windowMs, threshold)
    );
  const { list, deltas } = foldedList(stored);
  const entries = state.entries;
  const from = t - windowMs;
  let score = first.dropScore;
  // In time order: each award leaves at `at + window`; awards leaving at the same instant leave together.
  let previous = Number.NaN;
  let seen = false;
  let at = 0;
  for (let i = 0; i < list.length; i += 2) {
    at = deltas ? at + list[i]! : list[i]!;
    if (!(at > from && at <= t)) continue;
    if (seen && previous !== at && score < threshold) return previous + windowMs;
    score -= list[i + 1]!;
    previous = at;
    seen = true;
  }
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.wallet !== wallet || e.at > t || e.kind !== 'award' || e.at <= from) continue;
    if (seen && previous !== e.at && score < threshold) return previous + windowMs;
    score -= e.amount;
    previous = e.at;
    seen = true;
  }
  return seen && score < threshold ? previous + windowMs : null;
}

/**
 * `pointsDropNetted` of a ledger with no reversal up to `t` (`LedgerPass.reversal`), its awards out of time order (a
 * late event's): no award is netted, and award ids are unique (every append checks `hasEntry`, as the in-place
 * path above takes them), so its awards by id are the folded ones inside the window, then the entries', in list
 * order. Sorted by time into two columns by a stable insertion sort (the order of its stable sort by time: the times
 * taken are numbers inside the window, none NaN), without its map of ids, id strings and objects. Undefined when a
 * time is not a number, or past UNORDERED_MAX awards (the insertion sort is quadratic: `pointsDropNetted` then tells).
 */
function dropOfUnordered(
  stored: FoldedAwards | undefined,
  entries: readonly StoredEntry[],
  wallet: string,
  t: number,
  windowMs: number,
  threshold: number,
): number | null | undefined {
  const from = t - windowMs;
  const ats: number[] = [];
  const amounts: number[] = [];
  const { list, deltas } = foldedList(stored);
  let at = 0;
  for (let i = 0; i < list.length; i += 2) {
    at = deltas ? at + list[i]! : list[i]!;
    if (!(at > from && at <= t)) continue;
    if (ats.length === UNORDERED_MAX) return undefined;
    insertByTime(ats, amounts, at, list[i + 1]!);
  }
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.wallet !== wallet || e.at > t || e.kind !== 'award' || !(e.at > from)) continue;
    if (typeof e.at !== 'number' || ats.length === UNORDERED_MAX) return undefined;
    insertByTime(ats, amounts, e.at, e.amount);
  }
  return dropOfSorted(ats, amounts, windowMs, threshold);
}

/** Awards in the window past which `dropOfUnordered` leaves a ledger to `pointsDropNetted`'s sort. */
const UNORDERED_MAX = 256;

/** Inserts `(at, amount)` into the columns after every item at or before `at` (a stable insertion sort's step). */
function insertByTime(ats: number[], amounts: number[], at: number, amount: number): void {
  let j = ats.length;
  ats.push(at);
  amounts.push(amount);
  while (j > 0 && ats[j - 1]! > at) {
    ats[j] = ats[j - 1]!;
    amounts[j] = amounts[j - 1]!;
    j--;
  }
  ats[j] = at;
  amounts[j] = amount;
}

/**
 * `pointsDropOfColumns` with the folded awards inside the window before the indexed ones: the netted path's
 * order when the two, read one after the other, are in time order (its sort is stable); undefined otherwise.
 */
function pointsDropOfFoldedColumns(
  recent: readonly number[],
  columns: AwardColumns,
  t: number,
  windowMs: number,
  threshold: number,
): number | null | undefined {
  const { length, tag, tags, at, amount } = columns;
  const from = t - windowMs;
  let score = 0;
  let last = -Infinity;
  for (let i = 0; i < recent.length; i += 2) {
    const a = recent[i]!;
    const n = recent[i + 1]!;
    if (!(a > from && a <= t)) continue;
    if (a < last) return undefined;
    last = a;
    score += n;
  }
  for (let i = 0; i < length; i++) {
    if (tags[i] !== tag) continue;
    const a = at[i]!;
    if (a > t || !(a > from)) continue;
    if (a < last) return undefined;
    last = a;
    score += amount[i]!;
  }
  let previous = Number.NaN;
  let seen = false;
  for (let i = 0; i < recent.length; i += 2) {
    const a = recent[i]!;
    const n = recent[i + 1]!;
    if (!(a > from && a <= t)) continue;
    if (seen && previous !== a && score < threshold) return previous + windowMs;
    score -= n;
    previous = a;
    seen = true;
  }
  for (let i = 0; i < length; i++) {
    if (tags[i] !== tag) continue;
    const a = at[i]!;
    if (a > t || a <= from) continue;
    if (seen && previous !== a && score < threshold) return previous + windowMs;
    score -= amount[i]!;
    previous = a;
    seen = true;
  }
  return seen && score < threshold ? previous + windowMs : null;
}

/**
 * `pointsDrop` read from a ledger's index (no reversal, plain awards, unique ids): the same passes
 * over typed columns, and for awards out of time order the netted path's sort (by id there, which
 * with unique ids keeps entry order) over `{ at, amount }` pairs.
 */
export function pointsDropOfColumns(
  columns: AwardColumns,
  t: number,
  windowMs: number,
  threshold: number,
): number | null {
  const { length, tag, tags, at, amount } = columns;
  const from = t - windowMs;
  let score = 0;
  let last = -Infinity;
  let ordered = true;
  for (let i = 0; i < length; i++) {
    if (tags[i] !== tag) continue;
    const a = at[i]!;
    if (a > t || !(a > from)) continue;
    if (a < last) {
      ordered = false;
      break;
    }
    last = a;
    score += amount[i]!;
  }
  if (!ordered) return droppedNetted(columns, t, windowMs, threshold);
  let previous = Number.NaN;
  let seen = false;
  for (let i = 0; i < length; i++) {
    if (tags[i] !== tag) continue;
    const a = at[i]!;
    if (a > t || a <= from) continue;
    // Awards leaving at the same instant leave together.
    if (seen && previous !== a && score < threshold) return previous + windowMs;
    score -= amount[i]!;
    previous = a;
    seen = true;
  }
  return seen && score < threshold ? previous + windowMs : null;
}

function droppedNetted(columns: AwardColumns, t: number, windowMs: number, threshold: number) {
  const { length, tag, tags, at, amount } = columns;
  const awards: Array<{ at: number; amount: number }> = [];
  for (let i = 0; i < length; i++) {
    if (tags[i] !== tag) continue;
    const a = at[i]!;
    if (!(a > t) && a > t - windowMs) awards.push({ at: a, amount: amount[i]! });
  }
  return dropOfSortedAwards(
    awards.sort((x, y) => x.at - y.at),
    windowMs,
    threshold,
  );
}

/**
 * The folded awards of a wallet's checkpoint (`opening.recent`), all of them, as `[at, amount, at, amount, …]`
 * (time order), or none.
 */
function foldedAwards(state: IncentivesState, wallet: string): readonly number[] {
  return foldedFlat(Object.hasOwn(state.opening, wallet) ? state.opening[wallet]!.recent : undefined);
}

/**
 * The awards folded into the wallet's checkpoint that are inside the window `(t - windowMs, t]`, as
 * `[at, amount]` (net of their reversals): they count like entries.
 */
export function foldedIn(
  state: IncentivesState,
  wallet: string,
  t: number,
  windowMs: number,
): Array<[number, number]> {
  const recent = foldedAwards(state, wallet);
  const from = t - windowMs;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < recent.length; i += 2) {
    const at = recent[i]!;
    if (at > from && at <= t) out.push([at, recent[i + 1]!]);
  }
  return out;
}

/** Linear scan over awards netted of their reversals (folded ones included), in time order. */
export function pointsDropNetted(
  state: IncentivesState,
  wallet: string,
  t: number,
  windowMs: number,
  threshold: number,
) {
  const folded = foldedIn(state, wallet, t, windowMs).map(([at, amount]) => ({ at, amount }));
  const net = new Map<string, { at: number; amount: number }>();
  for (const e of state.entries) {
    if (e.wallet !== wallet || e.at > t) continue;
    if (e.kind === 'award' && e.at > t - windowMs) net.set(idOf(e), { at: e.at, amount: e.amount });
    else if (e.kind === 'revoke' && e.reverses !== undefined) {
      const original = net.get(e.reverses);
      if (original) original.amount += e.amount;
    }
  }
  return dropOfSortedAwards(
    [...folded, ...net.values()].sort((a, b) => a.at - b.at),
    windowMs,
    threshold,
  );
}

/** `dropOfSorted` of awards sorted by time, as objects. */
const dropOfSortedAwards = (
  awards: ReadonlyArray<{ at: number; amount: number }>,
  windowMs: number,
  threshold: number,
) =>
  dropOfSorted(
    awards.map((a) => a.at),
    awards.map((a) => a.amount),
    windowMs,
    threshold,
  );

/**
 * When the awards (times `ats` sorted, amounts `amounts` in the same order) leaving the window one instant after
 * another drop the score below `threshold`.
 */
function dropOfSorted(
  ats: readonly number[],
  amounts: readonly number[],
  windowMs: number,
  threshold: number,
) {
  let score = 0;
  for (let i = 0; i < amounts.length; i++) score += amounts[i]!;
  for (let i = 0; i < ats.length; i++) {
    score -= amounts[i]!;
    // Awards leaving at the same instant leave together.
    if (ats[i + 1] === ats[i]) continue;
    if (score < threshold) return ats[i]! + windowMs;
  }
  return null;
}
