import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitWrite, OutboxMessage } from '@engageloop/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROWS, SQL } from './commit';
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

  it('undoes the whole commit when a statement fails after others wrote, and stays usable', async () => {
    const store = createSqliteStore({ filename: join(dir, 'rollback.db') });
    await store.transact(['a'], (tx) =>
      tx.commit(write({ docs: [{ key: 'a', value: { n: 1 } }], counters: [{ key: 'c', delta: 1 }] })),
    );
    await store.transact([], (tx) => tx.commit(write({ messages: [message(1)] })));
    // A message without a body (a caller outside the types): the outbox's NOT NULL refuses it after the
    // documents and counters statements ran.
    const clash = { ...message(2), body: null as unknown as string };
    const failing = store.transact(['a', 'b'], (tx) =>
      tx.commit(
        write({
          docs: [
            { key: 'a', value: { n: 2 } },
            { key: 'b', value: { n: 1 } },
          ],
          counters: [{ key: 'c', delta: 5 }],
          messages: [clash],
        }),
      ),
    );
    expect(await codeOf(failing)).toBe('STORE_ERROR');
    expect(await store.getDocument('a')).toEqual({ n: 1 });
    expect(await store.getDocument('b')).toBeUndefined();
    expect(await store.getCounter('c')).toBe(1);
    expect((await store.listMessages()).map((m) => m.dedupeKey)).toEqual(['reply:e1']);
    await store.transact(['a'], (tx) => tx.commit(write({ docs: [{ key: 'a', value: { n: 3 } }] })));
    expect(await store.getDocument('a')).toEqual({ n: 3 });
    await store.close();
  });

  it('upserts rows that exist and rows that do not in one statement chunk', async () => {
    const store = createSqliteStore({ filename: join(dir, 'upsert.db'), documentCache: 0 });
    const timer = (id: string, dueAt: number) => ({
      id,
      userId: 'u1',
      type: 'care.due',
      dueAt,
      payload: { id },
      plugin: 'lifecycle',
      eventId: 'e1',
    });
    const keys = ['d0', 'd1', 'd2', 'd3', 'd4'];
    await store.transact(keys, (tx) =>
      tx.commit(
        write({
          docs: [
            { key: 'd1', value: { v: 1 } },
            { key: 'd3', value: { v: 1 } },
          ],
          counters: [{ key: 'k1', delta: 2 }],
          timers: { schedule: [timer('t1', 10)] },
        }),
      ),
    );
    // Five rows: a chunk of 4 (existing and new mixed) and one of 1.
    await store.transact(keys, (tx) =>
      tx.commit(
        write({
          docs: keys.map((key, i) => ({ key, value: { v: 2, i } })),
          counters: [
            { key: 'k0', delta: 1 },
            { key: 'k1', delta: 3 },
            { key: 'k2', delta: 4 },
            { key: 'k1', delta: 1 },
          ],
          timers: { schedule: [timer('t0', 20), timer('t1', 30), timer('t2', 40)] },
        }),
      ),
    );
    for (const [i, key] of keys.entries()) expect(await store.getDocument(key)).toEqual({ v: 2, i });
    expect([
      await store.getCounter('k0'),
      await store.getCounter('k1'),
      await store.getCounter('k2'),
    ]).toEqual([1, 6, 4]);
    expect((await store.listTimers()).map((t) => [t.id, t.dueAt])).toEqual([
      ['t0', 20],
      ['t1', 30],
      ['t2', 40],
    ]);
    await store.close();
    const db = new Database(join(dir, 'upsert.db'));
    expect(db.prepare('SELECT key, version FROM docs ORDER BY key').raw().all()).toEqual([
      ['d0', 1],
      ['d1', 2],
      ['d2', 1],
      ['d3', 2],
      ['d4', 1],
    ]);
    db.close();
  });

  it('reschedules a timer id for another user: the timer moves, with new rows and kept ones in the chunk', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const timer = (id: string, userId: string, dueAt: number) =>
      ({ id, userId, type: 'care.due', dueAt, payload: {}, plugin: 'lifecycle', eventId: 'e1' }) as const;
    const schedule = (...timers: ReturnType<typeof timer>[]) =>
      store.transact([], (tx) => tx.commit(write({ timers: { schedule: timers } })));
    await schedule(timer('t1', 'u1', 10), timer('t2', 'u1', 20));
    await schedule(
      timer('t1', 'u2', 30),
      timer('t2', 'u1', 40),
      timer('t3', 'u1', 50),
      timer('t4', 'u2', 60),
    );
    const listed = async (userId: string) => (await store.listTimers({ userId })).map((t) => [t.id, t.dueAt]);
    expect(await listed('u1')).toEqual([
      ['t2', 40],
      ['t3', 50],
    ]);
    expect(await listed('u2')).toEqual([
      ['t1', 30],
      ['t4', 60],
    ]);
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

  it('a record key read as unrecorded, then recorded by another unit of work, conflicts at commit', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const record = (userId: string) => ({ key: 'e1', userId, outcome: {}, committedAt: 1 });
    let go: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      go = resolve;
    });
    const first = store.transact(['user:u1'], async (tx) => {
      expect(await tx.recordedMany(['e1'])).toEqual(new Map());
      await gate;
      return codeOf(tx.commit(write({ record: record('u1') })));
    });
    await store.transact(['user:u2'], (tx) => tx.commit(write({ record: record('u2') })));
    go();
    expect(await first).toBe('STORE_CONFLICT');
    expect((await store.transact([], (tx) => tx.recorded('e1')))?.userId).toBe('u2');
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
  it('keeps a returning user forgotten twice apart: a renamed id that is taken gets a suffix', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const pseudonym = 'forgotten:0123456789abcdef';
    for (const round of [1, 2]) {
      const sent = { ...message(round), id: 'u1:welcome#0', dedupeKey: 'reply:u1:welcome' };
      await store.transact(['user:u1'], (tx) =>
        tx.commit(
          write({
            record: { key: `e${round}`, userId: 'u1', outcome: {}, committedAt: 1 },
            messages: [sent],
          }),
        ),
      );
      const [claimed] = await store.claimMessages({ now: 2000, limit: 1, leaseMs: 100, worker: 'w' });
      await store.ackMessage(claimed!.id, claimed!.lease, 2001);
      await store.forgetUser('u1', pseudonym);
    }
    const left = await store.listMessages();
    expect(left.map((m) => [m.id, m.dedupeKey, m.userId])).toEqual([
      [`${pseudonym}:welcome#0`, `reply:${pseudonym}:welcome`, pseudonym],
      [`${pseudonym}:welcome#0~2`, `reply:${pseudonym}:welcome~2`, pseudonym],
    ]);
    await store.close();
  });
});

describe('query plans of the commit statements', () => {
  it('find their rows by key, never by walking a table or the pending outbox', () => {
    const db = new Database(':memory:');
    applyMigrations(db, SQLITE_MIGRATIONS);
    // One JSON array of keys per parameter (most take one; the single-row document writes take two).
    const statements: Array<[string, string, unknown[]]> = Object.entries(SQL).map(([name, sql]) => [
      name,
      sql,
      Array(sql.split('?').length - 1).fill('[]'),
    ]);
    // The multi-row writes, for one row and for a chunk of several (a VALUES list SQLite materialises).
    for (const [name, statement] of Object.entries(ROWS))
      for (const rows of [1, 4])
        statements.push([
          `${name} × ${rows}`,
          statement.text(rows),
          Array(rows * statement.width).fill(null),
        ]);
    for (const [name, sql, params] of statements) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map(
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
