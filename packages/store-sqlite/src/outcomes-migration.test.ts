/**
 * Migration 10 finds recorded outcomes through a 32-bit hash of their key instead of a unique index of the keys:
 * a file written by the previous schema upgrades on open (replays still conflict, compaction and erasure still
 * find the old records), and two keys that share a hash stay two records, each found by its own key.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { indexesOf, oldSchema, tempFolder, recordWrite as write } from './migration-test-support';
import { recordKeyHash } from './record-keys';
import { createSqliteStore } from './sqlite-store';

const outcome = (key: string, userId: string, committedAt: number) => ({
  key,
  userId,
  outcome: { eventId: key, userId, status: 'applied' },
  committedAt,
});

const indexes = (file: string) => indexesOf(file, 'outcomes');

describe('SQLite migration 10: recorded outcomes found by the hash of their key', () => {
  const folder = tempFolder('engageloop-sqlite-m10-');

  it('upgrades a file of schema 9: replays conflict, compaction and erasure find the old records', async () => {
    const file = folder.path('old.db');
    const old = oldSchema(file, 9);
    const insert = old.prepare(
      'INSERT INTO outcomes (event_id, user_id, outcome, committed_at, fingerprint) VALUES (?, ?, ?, ?, ?)',
    );
    insert.run('e1', 'u1', JSON.stringify({ eventId: 'e1', userId: 'u1', status: 'applied' }), 1_000, 'f1');
    insert.run('e2', 'u2', JSON.stringify({ eventId: 'e2', userId: 'u2', status: 'applied' }), 2_000, null);
    old.close();
    expect(indexes(file)).toEqual(['outcomes_live', 'sqlite_autoindex_outcomes_1']);

    const store = createSqliteStore({ filename: file });
    const again = store.transact(['user:u1'], (tx) => tx.commit(write(outcome('e1', 'u1', 3_000))));
    await expect(again).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    const both = await store.transact([], (tx) => tx.recordedMany(['e1', 'e2', 'e3']));
    expect([...both.keys()].sort()).toEqual(['e1', 'e2']);
    expect(both.get('e1')?.fingerprint).toBe('f1');
    expect(await store.compactRecords({ before: 1_500 })).toBe(1);
    await store.forgetUser('u2', 'forgotten:0123456789abcdef');
    expect((await store.transact([], (tx) => tx.recorded('e2')))?.userId).toBe('forgotten:0123456789abcdef');
    await store.transact([], (tx) => tx.commit(write(outcome('e3', 'u3', 4_000))));
    expect((await store.transact([], (tx) => tx.recorded('e3')))?.committedAt).toBe(4_000);
    await store.close();

    expect(indexes(file)).toEqual(['outcomes_key', 'outcomes_live']);
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT event_id, key_hash FROM outcomes ORDER BY rowid').raw().all();
    expect(rows).toEqual(['e1', 'e2', 'e3'].map((key) => [key, recordKeyHash(key)]));
    db.close();
  });

  it('keeps two keys that share a hash apart: each recorded once, each found by its own key', async () => {
    // Found by trying `e.u:<n>` keys until two hashes met.
    const [a, b] = ['e.u:112789', 'e.u:349192'];
    expect(recordKeyHash(a)).toBe(recordKeyHash(b));
    const store = createSqliteStore({ filename: ':memory:' });
    await store.transact([], (tx) => tx.commit(write(outcome(a, 'u', 1_000))));
    expect(await store.transact([], (tx) => tx.recorded(b))).toBeUndefined();
    await store.transact([], (tx) => tx.commit(write(outcome(b, 'u', 2_000))));
    const replay = store.transact([], (tx) => tx.commit(write(outcome(b, 'u', 3_000))));
    await expect(replay).rejects.toMatchObject({ code: 'STORE_CONFLICT', data: { key: b } });
    const found = await store.transact([], (tx) => tx.recordedMany([a, b]));
    expect([found.get(a)?.committedAt, found.get(b)?.committedAt]).toEqual([1_000, 2_000]);
    await store.close();
  });
});
