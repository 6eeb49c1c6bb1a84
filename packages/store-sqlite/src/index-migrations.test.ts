/**
 * Migrations that drop an index a commit paid for and (almost) nothing read. A file written by the previous
 * schema upgrades on open, and what the index served still works on its rows.
 * Migration 6 drops the index of recorded outcomes by user: replays still conflict, compaction still finds the
 * records by commit time, and an erasure still finds the user's records (now by scanning the table, as it
 * already did for outcomes mentioning them).
 * Migration 7 drops the outbox's index by creation time: listings and claims keep their order (sorted after
 * the rows are found), and a new file never has the index.
 * Migration 8 drops the outbox's index by user: a listing by user and an erasure find the user's messages by
 * scanning the outbox.
 * Migration 11 rewrites the outbox's retention index with its statuses compared one by one: the same messages
 * are compacted, and a message enqueued builds no temporary table.
 */
import { join } from 'node:path';
import type { CommitWrite } from '@engageloop/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROWS } from './commit';
import { commitOf, indexes, oldMessage, oldOutbox, openAtSchema, useTempDir } from './migration-test-support';
import { createSqliteStore } from './sqlite-store';

const write = (record: CommitWrite['record']): CommitWrite => commitOf({ record });

describe('SQLite migration 6: outcomes without an index by user', () => {
  const dir = useTempDir('engageloop-sqlite-m6-');

  it('upgrades a file of schema 5: replays conflict, compaction and erasure find the old records', async () => {
    const file = join(dir(), 'old.db');
    const old = openAtSchema(file, 5);
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
    const file = join(dir(), 'new.db');
    const store = createSqliteStore({ filename: file });
    await store.close();
    expect(indexes(file)).toEqual(['outcomes_live', 'sqlite_autoindex_outcomes_1']);
  });
});

const ids = (messages: ReadonlyArray<{ id: string }>) => messages.map((m) => m.id);

describe('SQLite migration 7: the outbox without an index by creation time', () => {
  const dir = useTempDir('engageloop-sqlite-m7-');

  it('upgrades a file of schema 6: listings and claims keep the order of creation, then id', async () => {
    const file = join(dir(), 'old.db');
    oldOutbox(file, 6, [
      oldMessage('m3', 'u2', 3_000),
      oldMessage('m1b', 'u1', 1_000),
      oldMessage('m2', 'u1', 2_000),
      oldMessage('m1a', 'u2', 1_000),
    ]);
    expect(indexes(file, 'outbox')).toContain('outbox_order');

    const store = createSqliteStore({ filename: file });
    expect(ids(await store.listMessages())).toEqual(['m1a', 'm1b', 'm2', 'm3']);
    expect(ids(await store.listMessages({ userId: 'u1' }))).toEqual(['m1b', 'm2']);
    const claimed = await store.claimMessages({ now: 5_000, limit: 3, leaseMs: 1_000, worker: 'w' });
    expect(ids(claimed)).toEqual(['m1a', 'm1b', 'm2']);
    await store.close();
    expect(indexes(file, 'outbox')).not.toContain('outbox_order');
  });

  it('a new file has no index of the outbox by creation time', async () => {
    const file = join(dir(), 'new.db');
    const store = createSqliteStore({ filename: file });
    await store.close();
    expect(indexes(file, 'outbox')).not.toContain('outbox_order');
  });
});

describe('SQLite migration 8: the outbox without an index by user', () => {
  const dir = useTempDir('engageloop-sqlite-m8-');

  it('upgrades a file of schema 7: listings by user and an erasure find the old messages', async () => {
    const file = join(dir(), 'old.db');
    oldOutbox(
      file,
      7,
      [
        oldMessage('m1', 'u1', 1_000),
        oldMessage('m2', 'u2', 1_000),
        oldMessage('m3', 'u1', 2_000),
        oldMessage('m4', 'u1', 3_000),
      ],
      `UPDATE outbox SET status = 'sent', sent_at = 1500 WHERE id = 'm1';
       UPDATE outbox SET status = 'cancelled' WHERE id = 'm3';`,
    );
    expect(indexes(file, 'outbox')).toContain('outbox_user');

    const store = createSqliteStore({ filename: file });
    expect(ids(await store.listMessages({ userId: 'u1' }))).toEqual(['m1', 'm3', 'm4']);
    await store.forgetUser('u1', 'forgotten:0123456789abcdef');
    expect(await store.listMessages({ userId: 'u1' })).toEqual([]);
    const left = await store.listMessages();
    expect(left.map((m) => [m.id, m.userId, m.status, m.body])).toEqual([
      ['m1', 'forgotten:0123456789abcdef', 'sent', ''],
      ['m2', 'u2', 'pending', 'Thanks'],
    ]);
    await store.close();
    expect(indexes(file, 'outbox')).not.toContain('outbox_user');
  });

  it('a new file has no index of the outbox by user', async () => {
    const file = join(dir(), 'new.db');
    const store = createSqliteStore({ filename: file });
    await store.close();
    expect(indexes(file, 'outbox')).not.toContain('outbox_user');
  });
});

describe('SQLite migration 11: the outbox retention index without an IN list', () => {
  const dir = useTempDir('engageloop-sqlite-m11-');

  it('upgrades a file of schema 10: finished messages compacted as before, pending ones kept', async () => {
    const file = join(dir(), 'old.db');
    const statuses = ['sent', 'dead', 'cancelled', 'pending'];
    oldOutbox(
      file,
      10,
      statuses.map((_, n) => oldMessage(`m${n}`, 'u1', 1_000 + n)),
      statuses.map((status, n) => `UPDATE outbox SET status = '${status}' WHERE id = 'm${n}';`).join(''),
    );
    const store = createSqliteStore({ filename: file });
    expect(await store.compactOutbox({ before: 5_000 })).toBe(3);
    expect((await store.listMessages()).map((m) => [m.id, m.status, m.body])).toEqual([
      ['m0', 'sent', ''],
      ['m1', 'dead', ''],
      ['m2', 'cancelled', ''],
      ['m3', 'pending', 'Thanks'],
    ]);
    await store.close();
    const db = new Database(file);
    const program = db
      .prepare(`EXPLAIN ${ROWS.insertMessages.text(4)}`)
      .all(Array(4 * ROWS.insertMessages.width).fill(null)) as Array<{ opcode: string }>;
    expect(program.map((step) => step.opcode)).not.toContain('OpenEphemeral');
    db.close();
  });
});
