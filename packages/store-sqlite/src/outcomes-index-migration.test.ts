/**
 * Migration 6 drops the index of recorded outcomes by user. A file written by the previous schema upgrades on
 * open; its records still make replays conflicts, compaction still finds them by commit time, and an erasure
 * still finds the user's records (now by scanning the table, as it already did for outcomes mentioning them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitWrite } from '@engageloop/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, SQLITE_MIGRATIONS } from './migrations';
import { createSqliteStore } from './sqlite-store';

const write = (record: CommitWrite['record']): CommitWrite => ({
  docs: [],
  counters: [],
  messages: [],
  cancelMessages: [],
  record,
  timers: { schedule: [], cancel: [], complete: [] },
});

const indexes = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outcomes' ORDER BY name")
    .pluck()
    .all() as string[];
  db.close();
  return names;
};

describe('SQLite migration 6: outcomes without an index by user', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'engageloop-sqlite-m6-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a file of schema 5: replays conflict, compaction and erasure find the old records', async () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    applyMigrations(
      old,
      SQLITE_MIGRATIONS.filter((m) => m.version <= 5),
    );
    const insert = old.prepare(
      'INSERT INTO outcomes (event_id, user_id, outcome, committed_at, fingerprint) VALUES (?, ?, ?, ?, ?)',
    );
    insert.run('e1', 'u1', JSON.stringify({ eventId: 'e1', userId: 'u1', status: 'applied' }), 1_000, 'f1');
    insert.run('e2', 'u2', JSON.stringify({ eventId: 'e2', userId: 'u2', status: 'applied' }), 2_000, 'f2');
    old.close();
    expect(indexes(file)).toContain('outcomes_user');

    const store = createSqliteStore({ filename: file });
    const again = store.transact(['user:u1'], (tx) =>
      tx.commit(write({ key: 'e1', userId: 'u1', outcome: {}, committedAt: 3_000 })),
    );
    await expect(again).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    expect(await store.compactRecords({ before: 1_500 })).toBe(1);
    await store.forgetUser('u2', 'forgotten:0123456789abcdef');
    const forgotten = await store.transact([], (tx) => tx.recorded('e2'));
    expect(forgotten?.userId).toBe('forgotten:0123456789abcdef');
    expect((await store.transact([], (tx) => tx.recorded('e1')))?.userId).toBe('u1');
    await store.close();
    expect(indexes(file)).toEqual(['outcomes_live', 'sqlite_autoindex_outcomes_1']);
  });

  it('a new file has no index of outcomes by user', async () => {
    const file = join(dir, 'new.db');
    const store = createSqliteStore({ filename: file });
    await store.close();
    expect(indexes(file)).toEqual(['outcomes_live', 'sqlite_autoindex_outcomes_1']);
  });
});
