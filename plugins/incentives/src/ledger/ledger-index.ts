import type { StoredEntry } from '../types';
import { hasId, idOf, isReversal } from './stored-entry';

/*
 * A ledger appended by `appendEntry` carries a small index of itself: a 32-bit hash of each entry id
 * (in entry order), the columns the tier score reads (`at`, `amount`, wallet and kind) and the
 * earliest `at`. Finding an id then reads one contiguous typed array instead
 * of every entry object and its id string (scattered in the heap: a cache miss or two per entry on
 * long ledgers), the score of a ledger with no reversal sums typed columns in entry order (the same
 * additions as a scan), and compaction knows at once whether anything is old enough. A hash match is
 * confirmed on the entry itself, so answers are exactly those of a scan.
 *
 * The index is not data: a non-enumerable symbol property, which JSON, stores and equality checks
 * ignore. A ledger without one (built elsewhere, or loaded from a store) is scanned as before and
 * indexed when appended to. Ledgers are never changed in place; an index whose length differs from
 * its ledger's is not used.
 */

const INDEX = Symbol('incentives.ledger-index');

/** Columns shared by a ledger and the ledgers appended to it; `used` slots are taken. */
interface Shared {
  hashes: Int32Array;
  at: Float64Array;
  amount: Float64Array;
  /** The wallet code of a plain award (number `at` and `amount`, string wallet), OTHER_TAG for any other entry. */
  tags: Int32Array;
  /** Wallet code → wallet (append-only). */
  wallets: string[];
  used: number;
}

const OTHER_TAG = -1;

/** What one ledger reads: the first `length` hashes of `shared`. */
interface LedgerIndex {
  shared: Shared;
  length: number;
  /** The earliest `at` among the entries (Infinity when none). */
  minAt: number;
  /**
   * Some entry is a revoke with `reverses` (the score nets it against its award) or an award that is
   * not plain: the score is then scanned.
   */
  scanScore: boolean;
  /** No two entries share an id (what `hasEntry` before each append keeps). */
  uniqueIds: boolean;
}

type Indexed = readonly StoredEntry[] & { [INDEX]?: LedgerIndex };

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const COLON = 58;

/** FNV-1a of `h` extended over the UTF-16 code units of `s`. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** FNV-1a over UTF-16 code units. */
export const hashId = (id: string): number => fnv(FNV_OFFSET, id) | 0;

/** `hashId(idOf(e))`, without building the id when `e` stores none. */
export function hashEntryId(e: StoredEntry): number {
  if (e.id !== undefined) return hashId(e.id);
  if (isReversal(e)) return fnv(fnv(FNV_OFFSET, 'rev:'), e.reverses) | 0;
  const event = Math.imul(fnv(FNV_OFFSET, e.eventId) ^ COLON, FNV_PRIME);
  return fnv(Math.imul(fnv(event, e.ruleId) ^ COLON, FNV_PRIME), e.wallet) | 0;
}

function indexOf(entries: readonly StoredEntry[]): LedgerIndex | undefined {
  const index = (entries as Indexed)[INDEX];
  return index !== undefined && index.length === entries.length ? index : undefined;
}

/** Whether `entries` carries its index (its score and ids are then read from typed columns). */
export const ledgerIsIndexed = (entries: readonly StoredEntry[]): boolean => indexOf(entries) !== undefined;

/** Whether an entry of `entries` has this id (`full`, when given, is `hashId(id)`: not computed again). */
export function containsId(entries: readonly StoredEntry[], id: string, full?: number): boolean {
  const index = indexOf(entries);
  if (index === undefined) {
    for (let i = 0; i < entries.length; i++) if (hasId(entries[i]!, id)) return true;
    return false;
  }
  const h = full ?? hashId(id);
  const hashes = index.shared.hashes;
  for (let i = 0; i < index.length; i++) if (hashes[i] === h && hasId(entries[i]!, id)) return true;
  return false;
}

/**
 * The earliest `at` of `entries` (Infinity when none): `hasEntryAtOrBefore(entries, t)` is `earliest <= t`
 * (a time that compares with nothing, NaN, counts in neither).
 */
export function earliestEntryAt(entries: readonly StoredEntry[]): number {
  const index = indexOf(entries);
  if (index !== undefined) return index.minAt;
  let earliest = Infinity;
  for (let i = 0; i < entries.length; i++) if (entries[i]!.at < earliest) earliest = entries[i]!.at;
  return earliest;
}

/** Whether an entry of `entries` has `at <= t`. */
export function hasEntryAtOrBefore(entries: readonly StoredEntry[], t: number): boolean {
  const index = indexOf(entries);
  if (index !== undefined) return index.minAt <= t;
  for (let i = 0; i < entries.length; i++) if (entries[i]!.at <= t) return true;
  return false;
}

/**
 * Ledgers shorter than this are not indexed: their scans are short, and most users' ledgers stay
 * small, so they carry no columns (about 24 bytes per entry, plus a few hundred per ledger). Keeping
 * the index costs every append (the columns' slot, a new index object, now and then new columns) and
 * an award's duplicate check reads it cold (the index, its columns and their buffer): on the memory
 * row's users with 80 events each (ledgers of about 70 entries), about 2 µs per event more than the
 * slice's id hashes (`id-hashes`, which an award extends in place) and a scan by the rare full tier
 * review. Only much longer ledgers, whose scans are long, carry it.
 */
export const INDEX_FROM = 256;

/**
 * `[...entries, entry]`; frozen when `entries` is. Indexed when it reaches INDEX_FROM entries or
 * extends an indexed ledger. A longer ledger without an index (loaded by a store that parses it on
 * every dispatch, or compacted) is not indexed: building its index costs more than a scan.
 */
export function appended<E extends StoredEntry>(entries: readonly E[], entry: E): E[] {
  const next = copyWith(entries, entry);
  if (next.length === INDEX_FROM || (next.length > INDEX_FROM && indexOf(entries) !== undefined))
    index(next, entries, entry);
  // A ledger from the store is frozen, entries included: so is its successor, and the store need
  // not walk every entry again to freeze it.
  if (Object.isFrozen(entries)) {
    Object.freeze(entry);
    Object.freeze(next);
  }
  return next;
}

/**
 * `[...entries, entry]` in an array of exactly that length. The spread grows its result while it
 * iterates and keeps the grown store: for 31 entries a 62-slot store (about 800 bytes allocated
 * instead of 300). A ledger lives until the user's next award, so it outlives young collections
 * and is copied to the old generation with its empty slots, which the scavenger then walks too.
 */
function copyWith<E extends StoredEntry>(entries: readonly E[], entry: E): E[] {
  const n = entries.length;
  const next = new Array<E>(n + 1);
  for (let i = 0; i < n; i++) next[i] = entries[i]!;
  next[n] = entry;
  return next;
}

/** Attaches to `next` (`entries` then `entry`) its index, extending that of `entries` when it has one. */
function index(next: StoredEntry[], entries: readonly StoredEntry[], entry: StoredEntry): void {
  const base = indexOf(entries);
  const n = entries.length;
  let shared: Shared;
  let minAt: number;
  let scanScore: boolean;
  let uniqueIds: boolean;
  if (base !== undefined) {
    // Nothing appended after this ledger yet: its successor takes the next slot; else a copy.
    const free = base.shared.used === n && n < base.shared.hashes.length;
    shared = free ? base.shared : grown(base.shared, n);
    minAt = base.minAt;
    scanScore = base.scanScore;
    uniqueIds = base.uniqueIds && !containsId(entries, idOf(entry));
  } else {
    shared = grown(undefined, n);
    minAt = Infinity;
    scanScore = false;
    const ids = new Set<string>();
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      put(shared, i, e);
      if (e.at < minAt) minAt = e.at;
      if (needsScan(e)) scanScore = true;
      ids.add(idOf(e));
    }
    uniqueIds = ids.size === n && !ids.has(idOf(entry));
  }
  put(shared, n, entry);
  shared.used = n + 1;
  const ledgerIndex: LedgerIndex = {
    shared,
    length: n + 1,
    // biome-ignore lint/complexity/useMathMinMax: Math.min would make the minimum NaN for an `at` of NaN (a scan skips it).
    minAt: entry.at < minAt ? entry.at : minAt,
    scanScore: scanScore || needsScan(entry),
    uniqueIds,
  };
  Object.defineProperty(next, INDEX, { value: ledgerIndex });
}

const isPlainAward = (e: StoredEntry) =>
  e.kind === 'award' &&
  typeof e.at === 'number' &&
  typeof e.amount === 'number' &&
  typeof e.wallet === 'string';

const needsScan = (e: StoredEntry) =>
  (e.kind === 'revoke' && e.reverses !== undefined) || (e.kind === 'award' && !isPlainAward(e));

/**
 * New columns with room for more than `n` entries, holding the first `n` of `from`. The slack is an
 * eighth (at least 8 slots): copies stay rare (every n/8 appends, a few hundred bytes each per append
 * on average) while the columns stay close to 24 bytes per entry.
 */
function grown(from: Shared | undefined, n: number): Shared {
  const size = n + 1 + Math.max(8, n >> 3);
  const shared: Shared = {
    hashes: new Int32Array(size),
    at: new Float64Array(size),
    amount: new Float64Array(size),
    tags: new Int32Array(size),
    wallets: from === undefined ? [] : from.wallets.slice(),
    used: n,
  };
  if (from !== undefined) {
    shared.hashes.set(from.hashes.subarray(0, n));
    shared.at.set(from.at.subarray(0, n));
    shared.amount.set(from.amount.subarray(0, n));
    shared.tags.set(from.tags.subarray(0, n));
  }
  return shared;
}

function put(shared: Shared, i: number, e: StoredEntry): void {
  shared.hashes[i] = hashEntryId(e);
  const plain = isPlainAward(e);
  shared.tags[i] = plain ? walletCode(shared.wallets, e.wallet, true) : OTHER_TAG;
  shared.at[i] = plain ? e.at : 0;
  shared.amount[i] = plain ? e.amount : 0;
}

function walletCode(wallets: string[], wallet: string, add: boolean): number {
  for (let i = 0; i < wallets.length; i++) if (wallets[i] === wallet) return i;
  if (!add) return OTHER_TAG;
  wallets.push(wallet);
  return wallets.length - 1;
}

/**
 * `earnedIn` read from the index: the awards of `wallet` with `at` in `(t - windowMs, t]`, summed in
 * entry order. Undefined when the ledger has no index or must be scanned (reversals are netted).
 */
export function indexedEarned(
  entries: readonly StoredEntry[],
  wallet: string,
  t: number,
  windowMs: number,
): number | undefined {
  const index = indexOf(entries);
  if (index === undefined || index.scanScore) return undefined;
  const { tags, at, amount, wallets } = index.shared;
  const tag = walletCode(wallets, wallet, false);
  let sum = 0;
  if (tag === OTHER_TAG) return sum;
  const from = t - windowMs;
  for (let i = 0; i < index.length; i++) {
    if (tags[i] !== tag) continue;
    const a = at[i]!;
    if (a <= t && a > from) sum += amount[i]!;
  }
  return sum;
}

/** The plain awards of a wallet as columns (entries of other wallets or kinds have another tag). */
export interface AwardColumns {
  length: number;
  tag: number;
  tags: Int32Array;
  at: Float64Array;
  amount: Float64Array;
}

const ABSENT_TAG = -2;

/**
 * The indexed columns of a ledger whose awards can be read from them alone: indexed, no reversal,
 * every award plain, ids unique. Undefined otherwise.
 */
export function awardColumns(entries: readonly StoredEntry[], wallet: string): AwardColumns | undefined {
  const index = indexOf(entries);
  if (index === undefined || index.scanScore || !index.uniqueIds) return undefined;
  const { tags, at, amount, wallets } = index.shared;
  const code = walletCode(wallets, wallet, false);
  return { length: index.length, tag: code === OTHER_TAG ? ABSENT_TAG : code, tags, at, amount };
}
