import type { TopCountersOptions } from '@engageloop/core';
import { prefixEnd } from '@engageloop/core/internal';

/**
 * `Store.topCounters` as one statement: the prefix as a key range (`prefix ≤ key < prefixEnd(prefix)`), which
 * SQLite answers from the counters' primary key (BINARY collation: code point order), then the family ranked.
 */
export function topCountersQuery(
  prefix: string,
  { limit, after }: TopCountersOptions,
): { sql: string; values: unknown[] } {
  const end = prefixEnd(prefix);
  const sql = `SELECT key, value FROM counters WHERE key >= ?${end === undefined ? '' : ' AND key < ?'}${
    after === undefined ? '' : ' AND (value < ? OR (value = ? AND key > ?))'
  } ORDER BY value DESC, key LIMIT ?`;
  const values: unknown[] = [prefix];
  if (end !== undefined) values.push(end);
  if (after !== undefined) values.push(after.value, after.value, after.key);
  values.push(limit);
  return { sql, values };
}

/**
 * `Store.compactRecords`: the oldest outcomes committed before `?1`, at most `?2` (-1: all), found through the
 * partial index of outcomes not yet compacted (migration 3), become the JSON text `null`.
 */
export const COMPACT_RECORDS = `UPDATE outcomes SET outcome = 'null' WHERE rowid IN (SELECT rowid FROM outcomes
  WHERE committed_at < ? AND outcome <> 'null' ORDER BY committed_at LIMIT ?)`;
