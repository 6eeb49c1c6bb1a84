import type { OpeningBalance, StoredEntry, WalletBalance } from '../types';
import { idOf } from './stored-entry';

interface Lot {
  remaining: number;
  expiresAt?: number;
  availableAt?: number;
}

const spendable = (lot: Lot, t: number) =>
  lot.remaining > 0 && (lot.availableAt ?? -Infinity) <= t && (lot.expiresAt ?? Infinity) > t;

/** Debits consume the credits that expire first (then the oldest), among those spendable at `t`. */
function consume(lots: Lot[], amount: number, t: number): number {
  let rest = amount;
  const order = lots
    .filter((lot) => spendable(lot, t))
    .sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity));
  for (const lot of order) {
    if (rest <= 0) break;
    const take = Math.min(lot.remaining, rest);
    lot.remaining -= take;
    rest -= take;
  }
  return rest;
}

/** Replays a wallet's entries up to `t`, in time order (stable), into lots: the source of every balance. */
function replay(entries: readonly StoredEntry[], wallet: string, t: number, opening?: OpeningBalance) {
  const lots: Lot[] = (opening?.lots ?? []).map((lot) => ({ remaining: lot.amount, ...pick(lot) }));
  let deficit = opening?.deficit ?? 0;
  const ordered = entries.filter((e) => e.wallet === wallet && e.at <= t).sort((a, b) => a.at - b.at);
  // The credits by id, for the reversals to find theirs (kept only when the wallet has a reversal).
  const byId = ordered.some((e) => e.reverses !== undefined) ? new Map<string, Lot>() : undefined;
  for (const entry of ordered) {
    if (entry.amount > 0) {
      const lot: Lot = { remaining: entry.amount, ...pick(entry) };
      lots.push(lot);
      byId?.set(idOf(entry), lot);
      // A credit first pays back what was spent beyond zero.
      if (deficit > 0 && spendable(lot, entry.at)) {
        const take = Math.min(deficit, lot.remaining);
        lot.remaining -= take;
        deficit -= take;
      }
      continue;
    }
    let rest = -entry.amount;
    const original = entry.reverses === undefined ? undefined : byId?.get(entry.reverses);
    if (original) {
      const take = Math.min(original.remaining, rest);
      original.remaining -= take;
      rest -= take;
    }
    deficit += consume(lots, rest, entry.at);
  }
  return { lots, deficit };
}

function pick(source: { expiresAt?: number; availableAt?: number }) {
  const out: { expiresAt?: number; availableAt?: number } = {};
  if (source.expiresAt !== undefined) out.expiresAt = source.expiresAt;
  if (source.availableAt !== undefined) out.availableAt = source.availableAt;
  return out;
}

/**
 * The balance of a wallet at instant `t`, derived from its entries (never stored).
 * Invariant: `available + pending + expired` equals the sum of the entries up to `t` (plus the opening).
 *
 * @example
 * walletBalance(state.entries, 'points', Date.parse('2026-02-01T00:00:00Z')).available
 */
export function walletBalance(
  entries: readonly StoredEntry[],
  wallet: string,
  t: number,
  opening?: OpeningBalance,
): WalletBalance {
  const { lots, deficit } = replay(entries, wallet, t, opening);
  let available = deficit === 0 ? 0 : -deficit;
  let pending = 0;
  let expired = opening?.expired ?? 0;
  for (const lot of lots) {
    if (lot.remaining <= 0) continue;
    if ((lot.expiresAt ?? Infinity) <= t) expired += lot.remaining;
    else if ((lot.availableAt ?? -Infinity) > t) pending += lot.remaining;
    else available += lot.remaining;
  }
  return { wallet, available, pending, expired, total: available + pending + expired };
}

/**
 * The unspent lots of a wallet at `t` (for compaction into an opening balance). Lots that behave
 * alike from `t` on (same expiry, already available) are merged, so an opening stays small.
 */
export function openLots(
  entries: readonly StoredEntry[],
  wallet: string,
  t: number,
  opening?: OpeningBalance,
) {
  return lotsOf(replay(entries, wallet, t, opening), t);
}

/**
 * `openLots` and `walletBalance(...).expired` at `t` from one replay of the entries (what compaction keeps of
 * a wallet): the same lots, deficit and expired amount as the two calls, summed in the same order.
 */
export function openLotsAndExpired(
  entries: readonly StoredEntry[],
  wallet: string,
  t: number,
  opening?: OpeningBalance,
) {
  const replayed = replay(entries, wallet, t, opening);
  let expired = opening?.expired ?? 0;
  for (const lot of replayed.lots) {
    if (lot.remaining <= 0) continue;
    if ((lot.expiresAt ?? Infinity) <= t) expired += lot.remaining;
  }
  return { ...lotsOf(replayed, t), expired };
}

/** The unspent lots of a replay at `t`, merged by their times (see `openLots`). */
function lotsOf({ lots, deficit }: { lots: Lot[]; deficit: number }, t: number) {
  const merged = new Map<string, { amount: number; expiresAt?: number; availableAt?: number }>();
  for (const lot of lots) {
    if (lot.remaining <= 0 || (lot.expiresAt ?? Infinity) <= t) continue;
    const times = pick(lot);
    if ((times.availableAt ?? -Infinity) <= t) delete times.availableAt;
    const key = `${times.expiresAt ?? ''}|${times.availableAt ?? ''}`;
    const into = merged.get(key);
    if (into) into.amount += lot.remaining;
    else merged.set(key, { amount: lot.remaining, ...times });
  }
  return { lots: [...merged.values()], deficit };
}
