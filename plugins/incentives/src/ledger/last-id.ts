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
}

/** Notes in `memo` that `id` is the id of the last entry of `entries` (a ledger an award just returned). */
export function noteLastId(memo: Record<string, unknown>, entries: readonly StoredEntry[], id: string): void {
  const last = memo[LAST_ID] as LastId | undefined;
  if (last === undefined) memo[LAST_ID] = { entries, id };
  else {
    last.entries = entries;
    last.id = id;
  }
}

/** The id `noteLastId` noted for `entries`, when it noted one for that very ledger. */
export function notedLastId(
  memo: Record<string, unknown>,
  entries: readonly StoredEntry[],
): string | undefined {
  const last = memo[LAST_ID] as LastId | undefined;
  return last !== undefined && last.entries === entries ? last.id : undefined;
}
