import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from './migrations';
import { COMPACT_RECORDS, keysJoin, topCountersQuery } from './queries';

const plan = (db: Database.Database, sql: string, values: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(values) as Array<{ detail: string }>)
    .map((row) => row.detail)
    .join('; ');

describe('SQLite store queries use their indexes', () => {
  const db = new Database(':memory:');
  applyMigrations(db);

  it('topCounters reads the prefix as a range of the primary key', () => {
    for (const options of [{ limit: 10 }, { limit: 10, after: { key: 'likes:p1', value: 3 } }]) {
      const { sql, values } = topCountersQuery('likes:', options);
      expect(plan(db, sql, values)).toContain('SEARCH counters USING PRIMARY KEY (key>? AND key<?)');
    }
    const open = topCountersQuery('', { limit: 1 });
    expect(open.sql).not.toContain('key < ?');
  });

  it('compactRecords finds the oldest live outcomes through the partial index', () => {
    expect(plan(db, COMPACT_RECORDS, [1_000, 10])).toContain('USING INDEX outcomes_live (committed_at<?)');
  });

  it('a read of several keys walks the JSON array and looks each key up, with no temporary b-tree', () => {
    const reads: Array<[string, string, string]> = [
      ['outcomes', 'o', 'event_id'],
      ['docs', 'd', 'key'],
      ['counters', 'c', 'key'],
      ['outbox', 'm', 'dedupe_key'],
    ];
    for (const [table, alias, column] of reads) {
      const steps = plan(db, `SELECT ${alias}.* FROM ${keysJoin(table, alias, column)}`, ['["a","b"]']).split(
        '; ',
      );
      expect(steps[0], table).toMatch(/^SCAN k VIRTUAL TABLE/);
      expect(steps[1], table).toMatch(
        new RegExp(`^SEARCH ${alias} USING (PRIMARY KEY|INDEX \\S+) \\(${column}=\\?\\)`),
      );
      expect(steps, table).toHaveLength(2);
    }
  });
});
