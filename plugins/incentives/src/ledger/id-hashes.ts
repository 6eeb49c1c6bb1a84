import { baseOf } from '../model/dispatch-base';
import { ledgerIdsOf, markLedgerIds } from '../model/slice-marks';
import type { IncentivesState, StoredEntry } from '../types';
import { extendsLedger, notedLastHash } from './last-id';
import { hashEntryId, hashId, INDEX_FROM, ledgerIsIndexed } from './ledger-index';
import { hasId } from './stored-entry';

/*
 * An award first looks for its entry id in the ledger. A ledger too short for its index (`ledger-index`) was
 * scanned entry by entry: each entry object and its event id string, cold in the cache by the user's next
 * dispatch. The slice a dispatch leaves is marked (`slice-marks`) with the id hashes of its ledger, built from
 * those of the slice it started from and the entries it appended; the next dispatch's awards read that array
 * (contiguous, a few hundred bytes) and confirm a matching hash on the entry, so answers are exactly those of a
 * scan. A slice without the mark (a store that parses documents, a compacted ledger) is scanned as before.
 */

/** A hash of an entry id, small enough for V8 to keep the array of them as small integers. */
export const idHash = (id: string): number => hashId(id) >> 1;

const entryHash = (e: StoredEntry): number => hashEntryId(e) >> 1;

/**
 * Whether an entry of `state`'s ledger has this id, read from the id hashes of `base` (the slice `state` was derived
 * from in this dispatch, or `state`) when `state`'s ledger is `base`'s with entries appended; undefined when
 * `base` has no id hashes of its ledger, or `state`'s ledger is not such an extension. `full`, when given, is
 * `hashId(id)`.
 */
export function containsIdFrom(
  state: IncentivesState,
  base: IncentivesState,
  id: string,
  memo: Record<string, unknown> | undefined,
  full?: number,
): boolean | undefined {
  const hashes = ledgerIdsOf(base);
  if (hashes === undefined) return undefined;
  const before = base.entries;
  const after = state.entries;
  const n = before.length;
  if (!extendsLedger(memo, before, after)) return undefined;
  const h = full === undefined ? idHash(id) : full >> 1;
  for (let i = 0; i < n; i++) if (hashes[i] === h && hasId(before[i]!, id)) return true;
  for (let i = n; i < after.length; i++) if (hasId(after[i]!, id)) return true;
  return false;
}

/**
 * Marks `next`, the slice a dispatch leaves, with the id hashes of its ledger: those of the slice the dispatch
 * started from (`baseOf(memo)`, else `state`) extended by the entries appended to it, or computed from every
 * entry. Not for an indexed ledger (its index has them) or an empty one.
 */
export function markIdHashes(
  next: IncentivesState,
  state: IncentivesState,
  memo: Record<string, unknown>,
): void {
  const entries = next.entries;
  if (entries.length === 0 || entries.length >= INDEX_FROM || !Object.isExtensible(next)) return;
  if (ledgerIsIndexed(entries)) return;
  const base = baseOf(memo) ?? state;
  const known = ledgerIdsOf(base);
  const hashes =
    known === undefined || !extendsLedger(memo, base.entries, entries)
      ? entries.map(entryHash)
      : extended(known, base.entries.length, entries, notedLastHash(memo, entries));
  markLedgerIds(next, hashes);
}

/**
 * The hashes of `entries`, which are the `n` entries `known` holds the hashes of with entries appended: `known`
 * extended in place when no other ledger extended it, else a copy of its first `n` items extended. `last`, when
 * given, is the hash of the last entry (the award that appended it hashed its id already). An array of id hashes is
 * never frozen: made here, it is held only by a slice's marks (a private field, which `freezeJson` does not see).
 */
function extended(known: number[], n: number, entries: readonly StoredEntry[], last?: number): number[] {
  if (entries.length === n) return known;
  const hashes = known.length === n ? known : known.slice(0, n);
  const end = last === undefined ? entries.length : entries.length - 1;
  for (let i = n; i < end; i++) hashes.push(entryHash(entries[i]!));
  if (last !== undefined) hashes.push(last);
  return hashes;
}
