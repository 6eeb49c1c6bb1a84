import { sliceWith } from '../model/state';
import type { IncentivesState, LedgerEntry, StoredEntry } from '../types';
import { containsIdFrom } from './id-hashes';
import { appended, containsId, indexedEarned } from './ledger-index';
import { idOf, storedEntry } from './stored-entry';

export { entryId, reversalId } from './stored-entry';

const DAY = 86_400_000;

/**
 * Whether the ledger has an entry with this id: through the id hashes of `base` (the slice `state` was derived from
 * in this dispatch, see `containsIdFrom`) when it has them, else the ledger's index when it has one, else a scan.
 * `full`, when given, is `hashId(id)` (an award keeps it for the id hashes of the slice it leaves).
 */
export const hasEntry = (
  state: IncentivesState,
  id: string,
  base: IncentivesState = state,
  memo?: Record<string, unknown>,
  full?: number,
): boolean => containsIdFrom(state, base, id, memo, full) ?? containsId(state.entries, id, full);

/**
 * Returns the next state with `entry` appended as the slice keeps it (`storedEntry`: no id or reason that can be
 * rebuilt); the given state is not changed, and the ledger is indexed.
 */
export function appendEntry(state: IncentivesState, entry: LedgerEntry | StoredEntry): IncentivesState {
  return sliceWith(state, { entries: appended(state.entries, storedEntry(entry)) });
}

/** Rounds an amount to hundredths, so multipliers never leave float dust in a ledger. */
export const roundAmount = (amount: number): number => Math.round(amount * 100) / 100;

/** Expiry and pending instants of a credit made at `at`. */
export function creditTimes(at: number, validForDays?: number, pendingDays?: number) {
  return withCreditTimes<{ expiresAt?: number; availableAt?: number }>({}, at, validForDays, pendingDays);
}

/**
 * Sets on `target` (which has neither yet) the pending and expiry instants of a credit made at `at`,
 * in the order `{ ...target, ...creditTimes(at, validForDays, pendingDays) }` would give them, without
 * building and spreading the times object.
 */
export function withCreditTimes<T extends { expiresAt?: number; availableAt?: number }>(
  target: T,
  at: number,
  validForDays?: number,
  pendingDays?: number,
): T {
  const availableAt = availableAfter(at, pendingDays);
  if (availableAt !== undefined) target.availableAt = availableAt;
  const expiresAt = expiresAfter(at, availableAt, validForDays);
  if (expiresAt !== undefined) target.expiresAt = expiresAt;
  return target;
}

/** When a credit made at `at` becomes spendable: `undefined` when it is at once (no pending days). */
export const availableAfter = (at: number, pendingDays?: number): number | undefined =>
  pendingDays !== undefined && pendingDays > 0 ? at + pendingDays * DAY : undefined;

/** When a credit made at `at` (spendable at `availableAt`, if later) expires: `undefined` when it never does. */
export const expiresAfter = (
  at: number,
  availableAt: number | undefined,
  validForDays?: number,
): number | undefined => (validForDays === undefined ? undefined : (availableAt ?? at) + validForDays * DAY);

/**
 * Net points earned in a wallet (awards minus their reversals) with `at` in `(t - windowMs, t]`.
 * Conversions and spending do not lower what was earned.
 */
export function earnedIn(
  entries: readonly StoredEntry[],
  wallet: string,
  t: number,
  windowMs = Infinity,
): number {
  const indexed = indexedEarned(entries, wallet, t, windowMs);
  if (indexed !== undefined) return indexed;
  // The awards seen so far, by id: built only once a reversal needs them (most ledgers have none).
  let awards: Map<string, StoredEntry> | undefined;
  let sum = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.wallet !== wallet || entry.at > t) continue;
    if (entry.kind === 'award') {
      awards?.set(idOf(entry), entry);
      if (entry.at > t - windowMs) sum += entry.amount;
    } else if (entry.kind === 'revoke' && entry.reverses !== undefined) {
      awards ??= awardsBefore(entries, i, wallet, t);
      const original = awards.get(entry.reverses);
      if (original && original.at > t - windowMs) sum += entry.amount;
    }
  }
  return sum;
}

/** The awards of a wallet up to `t` among `entries[0, end)`, by id (a later one of an id wins). */
function awardsBefore(entries: readonly StoredEntry[], end: number, wallet: string, t: number) {
  const awards = new Map<string, StoredEntry>();
  for (let i = 0; i < end; i++) {
    const entry = entries[i]!;
    if (entry.kind === 'award' && entry.wallet === wallet && entry.at <= t) awards.set(idOf(entry), entry);
  }
  return awards;
}

/** The award entries of an event, or of a rule (optionally of one wallet too), that are not reversed yet. */
export function reversibleEntries(
  state: IncentivesState,
  filter: { eventId?: string; ruleId?: string; wallet?: string },
): StoredEntry[] {
  const reversed = new Set(state.entries.flatMap((e) => (e.reverses === undefined ? [] : [e.reverses])));
  return state.entries.filter(
    (e) =>
      e.kind === 'award' &&
      (filter.eventId === undefined || e.eventId === filter.eventId) &&
      (filter.ruleId === undefined || e.ruleId === filter.ruleId) &&
      (filter.wallet === undefined || e.wallet === filter.wallet) &&
      (reversed.size === 0 || !reversed.has(idOf(e))),
  );
}
