import type { Prepare } from './statements';

/**
 * The 32-bit FNV-1a hash of a record key (its UTF-16 code units), as a signed integer: the key of the
 * recorded outcomes' index `outcomes_key` (migration 10), which SQLite stores in 4 bytes where the record key
 * itself took ~45. The index stays a quarter of the size it was as a unique index of the keys, so the random
 * page an outcome's insert or look-up touches is more often in the page cache, and a WAL checkpoint copies
 * fewer distinct pages of it. Two keys may share a hash: every statement compares the key too (`OUTCOME_AT`).
 */
export function recordKeyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/** The outcome of one record key: bind `outcomeAt(key)`. */
export const OUTCOME_AT = 'key_hash = ? AND event_id = ?';
/** The outcomes of record keys given as JSON arrays: bind `outcomesAt(keys)`. */
export const OUTCOMES_AT =
  'key_hash IN (SELECT value FROM json_each(?)) AND event_id IN (SELECT value FROM json_each(?))';

/** The parameters of `OUTCOME_AT`. */
export const outcomeAt = (key: string): [number, string] => [recordKeyHash(key), key];

/** The parameters of `OUTCOMES_AT`. */
export const outcomesAt = (keys: readonly string[]): [string, string] => [
  JSON.stringify(keys.map(recordKeyHash)),
  JSON.stringify(keys),
];

/** Rows of outcomes by record key: `one` (with `OUTCOME_AT`) for a single key, else `many` (`OUTCOMES_AT`). */
export function outcomeRows<R>(prepare: Prepare, one: string, many: string, keys: readonly string[]): R[] {
  if (keys.length === 0) return [];
  if (keys.length === 1) return prepare(one).all(outcomeAt(keys[0] as string)) as R[];
  return prepare(many).all(outcomesAt(keys)) as R[];
}
