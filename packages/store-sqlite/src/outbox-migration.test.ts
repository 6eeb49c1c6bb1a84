/**
 * Migration 10 rebuilds the outbox without its unique index of message ids: a file of schema 9 upgrades on
 * open keeping every row and rowid; a lease taken before the upgrade (a token without a rowid) still acks;
 * claims keep their order; the dedupe key still refuses a second message.
 */
import { join } from 'node:path';
import type { OutboxMessage } from '@engageloop/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { commitOf, indexes, oldMessage, oldOutbox, useTempDir } from './migration-test-support';
import { createSqliteStore } from './sqlite-store';

/** Every row of the outbox with its rowid, in rowid order. */
const rows = (file: string): unknown[] => {
  const db = new Database(file, { readonly: true });
  const all = db.prepare('SELECT rowid, * FROM outbox ORDER BY rowid').all();
  db.close();
  return all;
};

const codeOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'resolved',
    (error: { code?: unknown }) => error.code,
  );

describe('SQLite migration 10: the outbox without an index of message ids', () => {
  const dir = useTempDir('engageloop-sqlite-m10-');

  it('upgrades a file of schema 9: rows kept, old leases acked by token, claims and dedupe as before', async () => {
    const file = join(dir(), 'old.db');
    oldOutbox(
      file,
      9,
      [
        oldMessage('m1', 'u1', 1_000),
        oldMessage('m2', 'u2', 2_000),
        oldMessage('m3', 'u1', 3_000),
        oldMessage('m4', 'u2', 4_000),
      ],
      `UPDATE outbox SET lease = 'w:7', lease_until = 9000 WHERE id = 'm1';
       UPDATE outbox SET status = 'sent', sent_at = 3500, next_attempt_at = 3500 WHERE id = 'm3';`,
    );
    expect(indexes(file, 'outbox')).toContain('sqlite_autoindex_outbox_2');
    const before = rows(file);

    const store = createSqliteStore({ filename: file });
    await store.close();
    expect(rows(file)).toEqual(before);
    expect(indexes(file, 'outbox')).toEqual([
      'outbox_compactable',
      'outbox_ready',
      'sqlite_autoindex_outbox_1',
    ]);

    const reopened = createSqliteStore({ filename: file });
    expect(await codeOf(reopened.ackMessage('m1', 'w:8', 5_000))).toBe('OUTBOX_LEASE_LOST');
    expect(await codeOf(reopened.ackMessage('m2', 'w:7', 5_000))).toBe('OUTBOX_LEASE_LOST');
    await reopened.ackMessage('m1', 'w:7', 5_000);
    const claimed = await reopened.claimMessages({ now: 5_000, limit: 5, leaseMs: 1_000, worker: 'w' });
    expect(claimed.map((m) => m.id)).toEqual(['m2', 'm4']);
    // A token names its message's row: shown for another message, it holds nothing.
    expect(await codeOf(reopened.ackMessage('m4', claimed[0]!.lease, 5_000))).toBe('OUTBOX_LEASE_LOST');
    await reopened.retryMessage('m2', claimed[0]!.lease, { error: 'busy', nextAttemptAt: 6_000 });
    await reopened.deadLetterMessage('m4', claimed[1]!.lease, { error: 'gone', now: 5_500 });
    expect((await reopened.listMessages()).map((m) => [m.id, m.status, m.attempts])).toEqual([
      ['m1', 'sent', 0],
      ['m2', 'pending', 1],
      ['m3', 'sent', 0],
      ['m4', 'dead', 1],
    ]);
    const again: OutboxMessage = {
      id: 'm5',
      dedupeKey: 'm2:ack',
      userId: 'u2',
      kind: 'reply',
      topic: 'ack',
      channel: null,
      locale: null,
      subject: null,
      body: 'Thanks again',
      data: {},
      eventId: 'event-m5',
      ruleId: null,
      plugin: 'core',
      createdAt: 6_000,
      notBefore: 6_000,
      transactional: false,
    };
    const result = await reopened.transact([], (tx) => tx.commit(commitOf({ messages: [again] })));
    expect(result).toMatchObject({ duplicateMessages: ['m2:ack'] });
    await reopened.close();
  });
});
