import type { TopCountersOptions } from '@engageloop/core';
import { prefixEnd } from '@engageloop/core/internal';

/**
 * `Store.topCounters` as one statement: the prefix as a key range (`prefix ≤ key < prefixEnd(prefix)`, keys
 * in the "C" collation: code point order in a UTF-8 database), which the counters' primary key serves, then
 * the family ranked. The text depends only on which bounds are given, so the server plans a handful of texts.
 */
export function topCountersQuery(
  s: string,
  prefix: string,
  { limit, after }: TopCountersOptions,
): { text: string; values: unknown[] } {
  const end = prefixEnd(prefix);
  const values: unknown[] = [prefix];
  const where = ['key >= $1'];
  if (end !== undefined) {
    values.push(end);
    where.push(`key < $${values.length}`);
  }
  if (after !== undefined) {
    values.push(after.value, after.key);
    where.push(
      `(value < $${values.length - 1} OR (value = $${values.length - 1} AND key > $${values.length}))`,
    );
  }
  values.push(limit);
  return {
    text: `SELECT key, value FROM ${s}.counters WHERE ${where.join(' AND ')}
      ORDER BY value DESC, key LIMIT $${values.length}`,
    values,
  };
}

/**
 * `Store.compactRecords`: the oldest outcomes committed before `$1`, at most `$2` (NULL: all), found through the
 * partial index of outcomes not yet compacted (step 5), become the JSON text `null`. Rows another transaction
 * holds (a `forgetUser` rewriting them, another instance compacting) are skipped, never waited for.
 */
export const compactRecordsSql = (s: string): string =>
  `UPDATE ${s}.outcomes SET outcome = 'null' WHERE event_id IN (
     SELECT event_id FROM ${s}.outcomes WHERE committed_at < $1 AND outcome <> 'null'
     ORDER BY committed_at LIMIT $2 FOR UPDATE SKIP LOCKED)`;

/** `before` as a bigint bound that selects the same integer times (`committed_at < bound`). */
export const beforeBound = (before: number): number =>
  Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, Math.ceil(before)));
