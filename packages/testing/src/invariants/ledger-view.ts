import type { UserState } from '@engageloop/core';
import { asRecord } from './define';

/** The parts of an incentives ledger entry the invariants read (defensively: plugin state is opaque). */
export interface EntryView {
  id: string;
  eventId: string;
  ruleId: string;
  wallet: string;
  amount: number;
  at: number;
  reverses?: string;
}

/**
 * The id of a stored entry: the one it keeps, else the one the incentives plugin rebuilds (its `StoredEntry` keeps
 * no id it can rebuild): `rev:<reverses>` for a reversal, `<eventId>:<ruleId>:<wallet>` for any other entry.
 */
function idOf(r: Record<string, unknown>): string {
  if (r.id !== undefined) return String(r.id);
  if (r.kind === 'revoke' && typeof r.reverses === 'string') return `rev:${r.reverses}`;
  return `${String(r.eventId)}:${String(r.ruleId)}:${String(r.wallet)}`;
}

/** Ledger entries of a user's `incentives` slice; malformed entries are reported as such. */
export function entriesOf(user: UserState | undefined, plugin = 'incentives'): EntryView[] {
  const slice = asRecord(user?.slices[plugin]);
  const entries = slice?.entries;
  if (!Array.isArray(entries)) return [];
  return entries.map((e) => {
    const r = asRecord(e) ?? {};
    const view: EntryView = {
      id: idOf(r),
      eventId: String(r.eventId),
      ruleId: String(r.ruleId),
      wallet: String(r.wallet),
      amount: typeof r.amount === 'number' ? r.amount : Number.NaN,
      at: typeof r.at === 'number' ? r.at : Number.NaN,
    };
    if (typeof r.reverses === 'string') view.reverses = r.reverses;
    return view;
  });
}

/** Net amount of compacted history per wallet (opening balances). */
export function openingOf(user: UserState | undefined, plugin = 'incentives'): Map<string, number> {
  const out = new Map<string, number>();
  const opening = asRecord(asRecord(user?.slices[plugin])?.opening);
  if (!opening) return out;
  for (const wallet of Object.keys(opening)) {
    const o = asRecord(opening[wallet]) ?? {};
    const lots = Array.isArray(o.lots) ? o.lots : [];
    let net = Number(o.expired ?? 0) - Number(o.deficit ?? 0);
    for (const lot of lots) net += Number(asRecord(lot)?.amount ?? 0);
    out.set(wallet, net);
  }
  return out;
}

/** Total per wallet: opening plus every entry (available + pending + expired). */
export function walletTotals(user: UserState | undefined, plugin = 'incentives'): Map<string, number> {
  const totals = openingOf(user, plugin);
  for (const e of entriesOf(user, plugin)) totals.set(e.wallet, (totals.get(e.wallet) ?? 0) + e.amount);
  return totals;
}
