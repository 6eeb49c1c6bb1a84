import type { LedgerEntry } from '../types';

/*
 * A ledger appended by `appendEntry` carries a small index of itself: a 32-bit hash of each entry id
 * (in entry order) and the earliest `at`. Finding an id then reads one contiguous typed array instead
 * of every entry object and its id string (scattered in the heap: a cache miss or two per entry on
 * long ledgers), and compaction knows at once whether anything is old enough. A hash match is
 * confirmed on the entry itself, so answers are exactly those of a scan.
 *
 * The index is not data: a non-enumerable symbol property, which JSON, stores and equality checks
 * ignore. A ledger without one (built elsewhere, or loaded from a store) is scanned as before and
 * indexed when appended to. Ledgers are never changed in place; an index whose length differs from
 * its ledger's is not used.
 */

const INDEX = Symbol('incentives.ledger-index');

/** Hashes shared by a ledger and the ledgers appended to it; `used` slots are taken. */
interface Shared {
  hashes: Int32Array;
  used: number;
}

/** What one ledger reads: the first `length` hashes of `shared`. */
interface LedgerIndex {
  shared: Shared;
  length: number;
  /** The earliest `at` among the entries (Infinity when none). */
  minAt: number;
}

type Indexed = readonly LedgerEntry[] & { [INDEX]?: LedgerIndex };

/** FNV-1a over UTF-16 code units. */
export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
}

function indexOf(entries: readonly LedgerEntry[]): LedgerIndex | undefined {
  const index = (entries as Indexed)[INDEX];
  return index !== undefined && index.length === entries.length ? index : undefined;
}

/** Whether an entry of `entries` has this id. */
export function containsId(entries: readonly LedgerEntry[], id: string): boolean {
  const index = indexOf(entries);
  if (index === undefined) {
    for (let i = 0; i < entries.length; i++) if (entries[i]!.id === id) return true;
    return false;
  }
  const h = hashId(id);
  const hashes = index.shared.hashes;
  for (let i = 0; i < index.length; i++) if (hashes[i] === h && entries[i]!.id === id) return true;
  return false;
}

/** Whether an entry of `entries` has `at <= t`. */
export function hasEntryAtOrBefore(entries: readonly LedgerEntry[], t: number): boolean {
  const index = indexOf(entries);
  if (index !== undefined) return index.minAt <= t;
  for (let i = 0; i < entries.length; i++) if (entries[i]!.at <= t) return true;
  return false;
}

/** `[...entries, entry]`, indexed. */
export function appended(entries: readonly LedgerEntry[], entry: LedgerEntry): LedgerEntry[] {
  const next = [...entries, entry];
  const base = indexOf(entries);
  const n = entries.length;
  let shared: Shared;
  let minAt: number;
  if (base !== undefined && base.shared.used === n && n < base.shared.hashes.length) {
    // Nothing was appended after this ledger yet: its successor takes the next slot.
    shared = base.shared;
    minAt = base.minAt;
  } else {
    const hashes = new Int32Array(Math.max(8, 2 * (n + 1)));
    if (base !== undefined) hashes.set(base.shared.hashes.subarray(0, n));
    else for (let i = 0; i < n; i++) hashes[i] = hashId(entries[i]!.id);
    shared = { hashes, used: n };
    minAt = base !== undefined ? base.minAt : minAtOf(entries);
  }
  shared.hashes[n] = hashId(entry.id);
  shared.used = n + 1;
  // biome-ignore lint/complexity/useMathMinMax: Math.min would make the minimum NaN for an `at` of NaN (a scan skips it).
  const index: LedgerIndex = { shared, length: n + 1, minAt: entry.at < minAt ? entry.at : minAt };
  Object.defineProperty(next, INDEX, { value: index });
  return next;
}

function minAtOf(entries: readonly LedgerEntry[]): number {
  let min = Infinity;
  for (let i = 0; i < entries.length; i++) if (entries[i]!.at < min) min = entries[i]!.at;
  return min;
}
