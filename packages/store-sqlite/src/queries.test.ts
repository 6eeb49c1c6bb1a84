import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from './migrations';
import { COMPACT_RECORDS, topCountersQuery } from './queries';

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
});
