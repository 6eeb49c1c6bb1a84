import type { StoredEntry } from '../types';

/*
 * A points score's review keeps the id of the ledger's last entry in its inputs (`tierInputs`), and the slice
 * keeps those until the next review: the id string lives as long as the slice. An award has just built that
 * same id (`entryId`, for its duplicate check and report): it leaves it in the dispatch's memo with the ledger it
 * appended, so the review that follows in the same dispatch keeps that string instead of building a second one.
 */

/** The key in `ctx.memo` of `{ entries, id }`: the ledger an award of this dispatch returned, and its last entry's id. */
const LAST_ID = 'lastEntryId';

interface LastId {
  entries: readonly StoredEntry[];
  id: string;
  /** A ledger `entries` appends to: the one the first of this dispatch's awards in a row appended to. */
  from: readonly StoredEntry[] | undefined;
  /** `hashId(id) >> 1` (`idHash`), when the award hashed its id: the id hashes of the slice it leaves reuse it. */
  hash: number | undefined;
}

/**
 * Notes in `memo` that `id` is the id of the last entry of `entries` (a ledger an award just returned) and, when
 * given, that `entries` is `from` with that entry appended: the ledger the previous award noted extended, or
 * `from` noted as the start of a new row of appends.
 */
export function noteLastId(
  memo: Record<string, unknown>,
  entries: readonly StoredEntry[],
  id: string,
  from?: readonly StoredEntry[],
  hash?: number,
): void {
  const last = memo[LAST_ID] as LastId | undefined;
  if (last === undefined) memo[LAST_ID] = { entries, id, from, hash };
  else {
    if (from === undefined || last.entries !== from) last.from = from;
    last.entries = entries;
    last.id = id;
    last.hash = hash;
  }
}

/**
 * Whether `after` is `before` with entries appended (or `before` itself): known from `memo` when this dispatch's
 * awards appended them (`noteLastId`), else compared item by item.
 */
export function extendsLedger(
  memo: Record<string, unknown> | undefined,
  before: readonly StoredEntry[],
  after: readonly StoredEntry[],
): boolean {
  if (after === before) return true;
  const n = before.length;
  if (after.length < n) return false;
  const last = memo?.[LAST_ID] as LastId | undefined;
  if (last !== undefined && last.entries === after && last.from === before) return true;
  for (let i = 0; i < n; i++) if (after[i] !== before[i]) return false;
  return true;
}

/** What `noteLastId` noted, when it noted it for that very ledger `entries`. */
function notedFor(memo: Record<string, unknown>, entries: readonly StoredEntry[]): LastId | undefined {
  const last = memo[LAST_ID] as LastId | undefined;
  return last !== undefined && last.entries === entries ? last : undefined;
}

/** The id `noteLastId` noted for `entries`, when it noted one for that very ledger. */
export const notedLastId = (
  memo: Record<string, unknown>,
  entries: readonly StoredEntry[],
): string | undefined => notedFor(memo, entries)?.id;

/** The id hash (`idHash`) of the last entry of `entries` that `noteLastId` noted for that very ledger, if any. */
export const notedLastHash = (
  memo: Record<string, unknown>,
  entries: readonly StoredEntry[],
): number | undefined => notedFor(memo, entries)?.hash;
