import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitWrite, OutboxMessage } from '@engageloop/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQL } from './commit';
import { applyMigrations, SQLITE_MIGRATIONS } from './migrations';
import { createSqliteStore } from './sqlite-store';

type WritePart = Partial<Omit<CommitWrite, 'timers'>> & { timers?: Partial<CommitWrite['timers']> };

const write = (part: WritePart = {}): CommitWrite => ({
  docs: [],
  counters: [],
  messages: [],
  cancelMessages: [],
  ...part,
  timers: { schedule: [], cancel: [], complete: [], ...part.timers },
});

const message = (n: number, userId = 'u1'): OutboxMessage => ({
  id: `e${n}#0`,
  dedupeKey: `reply:e${n}`,
  userId,
  kind: 'reply',
  topic: 'thanks',
  channel: 'app',
  locale: 'en',
  subject: 'Hi',
  body: `Thanks ${userId}`,
  data: { n },
  eventId: `e${n}`,
  ruleId: null,
  plugin: 'replies',
  createdAt: 1000 + n,
  notBefore: 1000 + n,
  transactional: false,
});

const codeOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'resolved',
    (error: { code?: unknown }) => error.code,
  );

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'engageloop-sqlite-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('createSqliteStore (file database)', () => {
  it('keeps documents, counters, outcomes, messages and timers across close and reopen', async () => {
    const filename = join(dir, 'loop.db');
    const first = createSqliteStore({ filename });
    await first.transact(['user:u1'], (tx) =>
      tx.commit(
        write({
          record: { key: 'e1', userId: 'u1', outcome: { ok: true }, committedAt: 5 },
          docs: [{ key: 'user:u1', value: { points: 20, tags: ['新用户'] } }],
          counters: [{ key: 'budget:2026-01', delta: 20 }],
          messages: [message(1)],
          timers: {
            schedule: [
              {
                id: 't1',
                userId: 'u1',
                type: 'care.due',
                dueAt: 50,
                payload: {},
                plugin: 'lifecycle',
                eventId: 'e1',
              },
            ],
          },
        }),
      ),
    );
    await first.close();

    const second = createSqliteStore({ filename });
    expect(await second.getDocument('user:u1')).toEqual({ points: 20, tags: ['新用户'] });
    expect(await second.getCounter('budget:2026-01')).toBe(20);
    expect((await second.listMessages()).map((m) => m.dedupeKey)).toEqual(['reply:e1']);
    expect((await second.listTimers()).map((t) => t.id)).toEqual(['t1']);
    const recorded = await second.transact(['user:u1'], (tx) => tx.recorded('e1'));
    expect(recorded).toEqual({ key: 'e1', userId: 'u1', outcome: { ok: true }, committedAt: 5 });
    await second.close();
  });

  it('applies migrations once: reopening is a no-op and uses WAL', async () => {
    const filename = join(dir, 'loop.db');
    await createSqliteStore({ filename }).close();
    await createSqliteStore({ filename }).close();
    const db = new Database(filename);
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(
      SQLITE_MIGRATIONS.map((m) => m.version),
    );
    expect(applyMigrations(db)).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('holds its file exclusively: a second store on it fails with STORE_ERROR until the first is closed', async () => {
    const filename = join(dir, 'loop.db');
    const first = createSqliteStore({ filename });
    expect(() => createSqliteStore({ filename, busyTimeoutMs: 50 })).toThrowError(
      expect.objectContaining({ code: 'STORE_ERROR' }),
    );
    await first.close();
    await createSqliteStore({ filename }).close();
    expect(existsSync(`${filename}-shm`)).toBe(false);
  });

  it('turns an unusable file into STORE_ERROR', () => {
    expect(() => createSqliteStore({ filename: join(dir, 'missing', 'deeper', 'loop.db') })).toThrowError(
      expect.objectContaining({ code: 'STORE_ERROR' }),
    );
  });
});

describe('createSqliteStore (units of work)', () => {
  it('writes nothing when the database rejects part of a commit', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const failing = store.transact(['a', 'b'], (tx) =>
      tx.commit(
        write({
          docs: [
            { key: 'a', value: { ok: 1 } },
            { key: 'b', value: { big: 10n } },
          ],
          messages: [message(1)],
        }),
      ),
    );
    expect(await codeOf(failing)).toBe('STORE_ERROR');
    expect(await store.getDocument('a')).toBeUndefined();
    expect(await store.listMessages()).toEqual([]);
    await store.close();
  });

  it('rejects a second record of the same event id with STORE_CONFLICT and writes nothing of it', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const record = { key: 'e1', userId: 'u1', outcome: {}, committedAt: 1 };
    await store.transact(['user:u1'], (tx) => tx.commit(write({ record })));
    const again = store.transact(['user:u1'], (tx) =>
      tx.commit(write({ record, docs: [{ key: 'user:u1', value: { points: 99 } }] })),
    );
    expect(await codeOf(again)).toBe('STORE_CONFLICT');
    expect(await store.getDocument('user:u1')).toBeUndefined();
    await store.close();
  });

  it('treats keys such as __proto__ as data', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const value = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as unknown;
    await store.transact(['__proto__'], (tx) => tx.commit(write({ docs: [{ key: '__proto__', value }] })));
    expect(await store.getDocument('__proto__')).toEqual(value);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await store.close();
  });

  it('forgets a user: state, timers and unsent messages go, sent ones are anonymised', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    await store.transact(['user:u1'], (tx) =>
      tx.commit(
        write({
          record: { key: 'e1', userId: 'u1', outcome: {}, committedAt: 1 },
          docs: [{ key: 'user:u1', value: { name: 'Ana' } }],
          messages: [message(1), message(2), message(3, 'u2')],
          timers: {
            schedule: [
              { id: 't1', userId: 'u1', type: 'x', dueAt: 9, payload: {}, plugin: 'p', eventId: 'e1' },
            ],
          },
        }),
      ),
    );
    const [claimed] = await store.claimMessages({ now: 2000, limit: 1, leaseMs: 100, worker: 'w' });
    await store.ackMessage(claimed!.id, claimed!.lease, 2001);
    await store.forgetUser('u1', 'forgotten:0123456789abcdef');

    expect(await store.getDocument('user:u1')).toBeUndefined();
    expect(await store.listTimers()).toEqual([]);
    const left = await store.listMessages();
    expect(left.map((m) => [m.id, m.status, m.userId.startsWith('forgotten:') || m.userId])).toEqual([
      ['e1#0', 'sent', true],
      ['e3#0', 'pending', 'u2'],
    ]);
    expect(left[0]).toMatchObject({ body: '', subject: null, data: {} });
    const recorded = await store.transact([], (tx) => tx.recorded('e1'));
    expect(recorded?.userId).toBe(left[0]!.userId);
    await store.close();
  });
});

describe('query plans of the commit statements', () => {
  it('find their rows by key, never by walking a table or the pending outbox', () => {
    const db = new Database(':memory:');
    applyMigrations(db, SQLITE_MIGRATIONS);
    for (const [name, sql] of Object.entries(SQL)) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('[]') as Array<{ detail: string }>).map(
        (row) => row.detail,
      );
      expect(
        plan.filter((step) => /^SCAN (outbox|timers|docs|outcomes|counters)\b/.test(step)),
        name,
      ).toEqual([]);
      // The outbox's (status, next_attempt_at) index would visit every pending message (it grew with history).
      expect(plan.join('\n'), name).not.toContain('outbox_ready');
    }
    db.close();
  });
});
