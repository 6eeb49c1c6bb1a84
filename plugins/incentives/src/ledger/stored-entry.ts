import type { LedgerEntry, StoredEntry } from '../types';

/*
 * Ids are built with `join`, which makes one flat string. A template literal makes a tree of
 * concatenations (V8 cons strings) once it passes 12 characters: kept, that tree costs about 90 bytes
 * more, and every comparison walks it.
 */

/** The entry id of an award or conversion: exactly one per (event id, rule id, wallet). */
export const entryId = (eventId: string, ruleId: string, wallet: string): string =>
  [eventId, ruleId, wallet].join(':');

/** The id of the reversal of an entry: one reversal per entry. */
export const reversalId = (originalId: string): string => ['rev', originalId].join(':');

const REVERSAL = 'rev:';
const REVOKE_REASON = 'revoke ';
const COLON = 58;

/** Whether an entry's deterministic id is its reversal id (`rev:<reverses>`) rather than `<eventId>:<ruleId>:<wallet>`. */
export const isReversal = (e: StoredEntry): e is StoredEntry & { reverses: string } =>
  e.kind === 'revoke' && e.reverses !== undefined;

/** The id of an entry: the stored one, else the deterministic one (see `StoredEntry`). */
export function idOf(e: StoredEntry): string {
  if (e.id !== undefined) return e.id;
  return isReversal(e) ? reversalId(e.reverses) : entryId(e.eventId, e.ruleId, e.wallet);
}

/** Whether the id of `e` is `id`, without building the id when `e` stores none. */
export const hasId = (e: StoredEntry, id: string): boolean =>
  e.id !== undefined ? e.id === id : isDerivedId(e, id);

/** Whether `id` is the deterministic id of `e` (whatever id `e` stores). */
function isDerivedId(e: StoredEntry, id: string): boolean {
  if (isReversal(e)) {
    const r = e.reverses;
    return id.length === r.length + REVERSAL.length && id.startsWith(REVERSAL) && id.endsWith(r);
  }
  const eventId = e.eventId;
  const n = eventId.length;
  // The colon after the event id and its last character first, before loading the rule and wallet: they tell
  // most other events' ids apart at once (a scan of a just-parsed ledger loads each field across its shapes).
  if (id.charCodeAt(n) !== COLON || (n !== 0 && id.charCodeAt(n - 1) !== eventId.charCodeAt(n - 1)))
    return false;
  const { ruleId, wallet } = e;
  const m = ruleId.length;
  return (
    id.length === n + m + wallet.length + 2 &&
    id.charCodeAt(n + 1 + m) === COLON &&
    id.startsWith(eventId) &&
    id.startsWith(ruleId, n + 1) &&
    id.endsWith(wallet)
  );
}

/** Whether `reason` is the one an entry gets by default (its rule id for an award, `revoke <reverses>` for a reversal). */
function isDefaultReason(e: StoredEntry, reason: string): boolean {
  if (e.kind === 'award') return reason === e.ruleId;
  if (!isReversal(e)) return false;
  const r = e.reverses;
  return (
    reason.length === r.length + REVOKE_REASON.length &&
    reason.startsWith(REVOKE_REASON) &&
    reason.endsWith(r)
  );
}

/** The reason of an entry: the stored one, else the default one. */
export function reasonOf(e: StoredEntry): string {
  if (e.reason !== undefined) return e.reason;
  if (e.kind === 'award') return e.ruleId;
  return isReversal(e) ? REVOKE_REASON + e.reverses : '';
}

/**
 * The entry as the slice keeps it: `id` and `reason` left out when they are the ones `idOf` and `reasonOf` give
 * back. The entry itself when it stores no id and no default reason; else a new one (the given one is not changed), its fields in a
 * fixed order: kind, event, rule, wallet, amount, time, then those that are set of id, reason, availableAt,
 * expiresAt and reverses.
 */
export function storedEntry(e: LedgerEntry | StoredEntry): StoredEntry {
  // An award built as stored (no id, its reason only when its own) is the common case.
  if (e.id === undefined && (e.reason === undefined || !isDefaultReason(e, e.reason))) return e;
  const out: StoredEntry = {
    kind: e.kind,
    eventId: e.eventId,
    ruleId: e.ruleId,
    wallet: e.wallet,
    amount: e.amount,
    at: e.at,
  };
  if (e.id !== undefined && !isDerivedId(e, e.id)) out.id = e.id;
  if (e.reason !== undefined && !isDefaultReason(e, e.reason)) out.reason = e.reason;
  if (e.availableAt !== undefined) out.availableAt = e.availableAt;
  if (e.expiresAt !== undefined) out.expiresAt = e.expiresAt;
  if (e.reverses !== undefined) out.reverses = e.reverses;
  return out;
}

/**
 * The `LedgerEntry` a stored entry stands for: id and reason rebuilt, fields in the order earlier versions wrote
 * them. A full entry is returned as it is.
 *
 * @example
 * ledgerEntry({ kind: 'award', eventId: 'e1', ruleId: 'review', wallet: 'points', amount: 10, at: 0 }).id // 'e1:review:points'
 */
export function ledgerEntry(e: StoredEntry): LedgerEntry {
  if (e.id !== undefined && e.reason !== undefined) return e as LedgerEntry;
  const out: LedgerEntry = {
    id: idOf(e),
    kind: e.kind,
    eventId: e.eventId,
    ruleId: e.ruleId,
    wallet: e.wallet,
    amount: e.amount,
    reason: reasonOf(e),
    at: e.at,
  };
  if (e.availableAt !== undefined) out.availableAt = e.availableAt;
  if (e.expiresAt !== undefined) out.expiresAt = e.expiresAt;
  if (e.reverses !== undefined) out.reverses = e.reverses;
  return out;
}
