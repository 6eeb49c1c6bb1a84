import type { CommitWrite, OutboxMessage, TimerRecord } from '@engageloop/core';
import pg from 'pg';
import { afterAll, afterEach, expect, it } from 'vitest';
import { admin, describePg, dropSchemas, freshSchema, openStore } from './pg-test-support';
import type { PostgresStore } from './postgres-store';

const write = (
  part: Partial<Omit<CommitWrite, 'timers'>> & { timers?: Partial<CommitWrite['timers']> } = {},
) => ({
  docs: [],
  counters: [],
  messages: [],
  cancelMessages: [],
  ...part,
  timers: { schedule: [], cancel: [], complete: [], ...part.timers },
});

const message = (n: number): OutboxMessage => ({
  id: `e${n}#0`,
  dedupeKey: `m${n}`,
  userId: `u${n % 7}`,
  kind: 'care',
  topic: 'inactive',
  channel: 'app',
  locale: 'zh-CN',
  subject: null,
  body: `我们想念你 ${n}`,
  data: {},
  eventId: `e${n}`,
  ruleId: null,
  plugin: 'lifecycle',
  createdAt: n,
  notBefore: n,
  transactional: false,
});

const timer = (n: number): TimerRecord => ({
  id: `t${String(n).padStart(3, '0')}`,
  userId: `u${n % 7}`,
  type: 'lifecycle.care',
  dueAt: n,
  payload: { n },
  plugin: 'lifecycle',
  eventId: `e${n}`,
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: unknown }) => error.code,
  );

describePg('createPostgresStore (several instances on one database)', () => {
  const opened: PostgresStore[] = [];
  const instances = async (n: number, schema = freshSchema(), applicationName?: string) => {
    const stores: PostgresStore[] = [];
    for (let i = 0; i < n; i++) {
      stores.push(
        await openStore(schema, { maxConnections: 4, ...(applicationName ? { applicationName } : {}) }),
      );
    }
    opened.push(...stores);
    return stores;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  afterAll(dropSchemas);

  it('migrates once when several instances run migrate() at the same time', async () => {
    const schema = freshSchema();
    const [a, b, c] = await instances(3, schema).catch(() => []);
    expect(a).toBeDefined();
    await Promise.all([a!.migrate(), b!.migrate(), c!.migrate()]);
    const rows = await admin<{ version: number }>(
      `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it('runs concurrent migrate() on a brand-new schema without errors', async () => {
    const schema = freshSchema();
    const { createPostgresStore } = await import('./postgres-store');
    const stores = [1, 2, 3, 4].map(() =>
      createPostgresStore({ connectionString: process.env.ENGAGELOOP_PG_URL, schema, maxConnections: 2 }),
    );
    opened.push(...stores);
    await Promise.all(stores.map((s) => s.migrate()));
    const rows = await admin<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".schema_migrations`);
    expect(rows[0]?.n).toBe('3');
  });

  // The database locks are taken with a unit of work's first read (or commit) and held until it ends, so
  // across instances everything from that read to the end is serialised.
  it('never interleaves units of work on the same key across two pools', async () => {
    const [a, b] = await instances(2);
    const log: string[] = [];
    const bump = (store: PostgresStore, name: string) =>
      store.transact(['user:u1'], async (tx) => {
        const n = ((await tx.load(['user:u1'])).get('user:u1') as number | undefined) ?? 0;
        log.push(`${name}:in`);
        await pause(2);
        await tx.commit(write({ docs: [{ key: 'user:u1', value: n + 1 }] }));
        log.push(`${name}:out`);
      });
    await Promise.all(Array.from({ length: 16 }, (_, i) => bump(i % 2 === 0 ? a! : b!, `w${i}`)));
    expect(await a!.getDocument('user:u1')).toBe(16);
    for (let i = 0; i < log.length; i += 2) {
      expect(log[i]!.replace(':in', '')).toBe(log[i + 1]!.replace(':out', ''));
    }
  });

  it('hands each due timer to exactly one of two pools claiming at once', async () => {
    const [a, b] = await instances(2);
    const timers = Array.from({ length: 60 }, (_, i) => timer(i));
    await a!.transact([], (tx) => tx.commit(write({ timers: { schedule: timers } })));
    const claimAll = async (store: PostgresStore, worker: string) => {
      const ids: string[] = [];
      for (;;) {
        const got = await store.claimTimers({ now: 1_000, limit: 7, leaseMs: 60_000, worker });
        if (got.length === 0) return ids;
        ids.push(...got.map((t) => t.id));
      }
    };
    const [fromA, fromB] = await Promise.all([claimAll(a!, 'a'), claimAll(b!, 'b')]);
    const all = [...fromA, ...fromB];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(timers.map((t) => t.id));
  });

  it('hands each ready message to exactly one of two pools claiming at once, with distinct leases', async () => {
    const [a, b] = await instances(2);
    const messages = Array.from({ length: 60 }, (_, i) => message(i));
    await a!.transact([], (tx) => tx.commit(write({ messages })));
    const drain = async (store: PostgresStore, worker: string) => {
      const seen: Array<[string, string]> = [];
      for (;;) {
        const got = await store.claimMessages({ now: 1_000, limit: 5, leaseMs: 60_000, worker });
        if (got.length === 0) return seen;
        for (const m of got) {
          await store.ackMessage(m.id, m.lease, 1_001);
          seen.push([m.id, m.lease]);
        }
      }
    };
    const [fromA, fromB] = await Promise.all([drain(a!, 'a'), drain(b!, 'b')]);
    const all = [...fromA, ...fromB];
    expect(new Set(all.map(([id]) => id)).size).toBe(60);
    expect(new Set(all.map(([, lease]) => lease)).size).toBe(60);
    expect(await a!.listMessages({ status: 'sent' })).toHaveLength(60);
  });

  it("judges leases by the database's clock: callers' `now` hours apart neither steal nor lose one", async () => {
    const [a, b] = await instances(2);
    const HOUR = 3_600_000;
    const base = Date.parse('2026-01-01T00:00:00Z');
    await a!.transact([], (tx) =>
      tx.commit(
        write({
          messages: [{ ...message(1), notBefore: base - 6 * HOUR }],
          timers: { schedule: [timer(1)] },
        }),
      ),
    );
    // A worker 5 h behind claims; a worker 5 h ahead finds the lease held (its `now` is far past the
    // behind worker's `now + leaseMs`, which is what the lease used to be judged by).
    const [m] = await a!.claimMessages({
      now: base - 5 * HOUR + 1,
      limit: 5,
      leaseMs: 60_000,
      worker: 'behind',
    });
    const [t] = await a!.claimTimers({ now: base - 5 * HOUR, limit: 5, leaseMs: 60_000, worker: 'behind' });
    expect([m?.id, t?.id]).toEqual(['e1#0', 't001']);
    const ahead = { now: base + 5 * HOUR, limit: 5, leaseMs: 60_000, worker: 'ahead' };
    expect(await b!.claimMessages(ahead)).toEqual([]);
    expect(await b!.claimTimers(ahead)).toEqual([]);
    // The holder acks with its own (late) business time: the lease is still held by the database's clock.
    await a!.ackMessage(m!.id, m!.lease, base - 5 * HOUR + 2);
    expect((await b!.listMessages())[0]).toMatchObject({ status: 'sent', sentAt: base - 5 * HOUR + 2 });
    // Due times stay business time: a worker whose `now` is before the due time claims nothing.
    await a!.transact([], (tx) => tx.commit(write({ timers: { schedule: [timer(5_000)] } })));
    expect(await b!.claimTimers({ ...ahead, now: 4_999 })).toEqual([]);
  });

  it('lets exactly one instance record an event id when two commit it at once', async () => {
    const [a, b] = await instances(2);
    const record = { eventId: 'e1', userId: 'u1', outcome: { n: 1 }, committedAt: 1 };
    const results = await Promise.all([
      codeOf(
        a!.transact(['user:a'], (tx) => tx.commit(write({ record, docs: [{ key: 'user:a', value: 1 }] }))),
      ),
      codeOf(
        b!.transact(['user:b'], (tx) => tx.commit(write({ record, docs: [{ key: 'user:b', value: 1 }] }))),
      ),
    ]);
    expect(results.sort()).toEqual(['STORE_CONFLICT', 'resolved']);
    const written = [await a!.getDocument('user:a'), await a!.getDocument('user:b')];
    expect(written.filter((v) => v !== undefined)).toEqual([1]);
  });

  it('writes nothing when the connection is killed mid-transaction, and the retry succeeds', async () => {
    const name = `engageloop-victim-${process.pid}`;
    const [store] = await instances(1, freshSchema(), name);
    const w = write({
      record: { eventId: 'e1', userId: 'u1', outcome: {}, committedAt: 1 },
      docs: [{ key: 'user:u1', value: { points: 10 } }],
      counters: [{ key: 'budget', delta: 10 }],
      messages: [message(1)],
      timers: { schedule: [timer(1)] },
    });
    const killed = store!.transact(['user:u1'], async (tx) => {
      await tx.commit(w);
      await admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        name,
      ]);
    });
    expect(await codeOf(killed)).toBe('STORE_ERROR');
    expect(await store!.getDocument('user:u1')).toBeUndefined();
    expect(await store!.getCounter('budget')).toBe(0);
    expect(await store!.listMessages()).toEqual([]);
    expect(await store!.listTimers()).toEqual([]);

    await store!.transact(['user:u1'], async (tx) => {
      expect(await tx.recorded('e1')).toBeUndefined();
      expect(await tx.commit(w)).toEqual({ duplicateMessages: [] });
    });
    expect(await store!.getDocument('user:u1')).toEqual({ points: 10 });
    expect(await store!.getCounter('budget')).toBe(10);
  });

  it('fails the commit itself with STORE_ERROR when the connection died before it', async () => {
    const name = `engageloop-victim2-${process.pid}`;
    const [store] = await instances(1, freshSchema(), name);
    const attempt = store!.transact(['user:u1'], async (tx) => {
      await tx.load(['user:u1']);
      await admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        name,
      ]);
      await pause(20);
      return codeOf(tx.commit(write({ docs: [{ key: 'user:u1', value: 1 }] })));
    });
    expect(await codeOf(attempt)).toBe('STORE_ERROR');
    expect(await store!.getDocument('user:u1')).toBeUndefined();
  });

  it('writes nothing when the work swallows a failed commit and returns normally', async () => {
    const [store] = await instances(1);
    const { failNextPostgresCommit } = await import('./faults');
    failNextPostgresCommit(store!);
    const result = await store!.transact(['user:u1'], async (tx) => {
      const failed = await codeOf(
        tx.commit(write({ docs: [{ key: 'user:u1', value: 1 }], counters: [{ key: 'c', delta: 1 }] })),
      );
      return failed;
    });
    expect(result).toBe('STORE_ERROR');
    expect(await store!.getDocument('user:u1')).toBeUndefined();
    expect(await store!.getCounter('c')).toBe(0);
  });

  it('inlines keys and event ids of the opening statement as data (quotes, backslashes, dollar quotes)', async () => {
    const [store] = await instances(1);
    const hostile = ["user:o'brien", "user:\\x\\'", "user:$fn$'; DROP TABLE docs; --", 'user:\u4e2d\u6587 ✓'];
    const eventId = "e'1\\'); DROP SCHEMA public; --";
    const record = { eventId, userId: "o'brien", outcome: { said: "it's" }, committedAt: 7 };
    await store!.transact(hostile, async (tx) => {
      expect(await tx.recorded(eventId)).toBeUndefined();
      expect(await tx.load(hostile)).toEqual(new Map());
      await tx.commit(write({ record, docs: hostile.map((key, i) => ({ key, value: { i, key } })) }));
    });
    await store!.transact(hostile, async (tx) => {
      expect(await tx.recorded(eventId)).toEqual(record);
      const docs = await tx.load(hostile);
      expect([...docs.entries()]).toEqual(hostile.map((key, i) => [key, { i, key }]));
    });
  });

  it('leaves a pool given by the host open on close()', async () => {
    const schema = freshSchema();
    const pool = new pg.Pool({ connectionString: process.env.ENGAGELOOP_PG_URL, max: 2 });
    const { createPostgresStore } = await import('./postgres-store');
    const store = createPostgresStore({ pool, schema });
    await store.migrate();
    await store.transact(['user:u1'], (tx) =>
      tx.commit(write({ docs: [{ key: 'user:u1', value: 'kept' }] })),
    );
    await store.close();
    expect(await codeOf(store.getDocument('user:u1'))).toBe('STORE_CLOSED');
    const { rows } = await pool.query(`SELECT value FROM "${schema}".docs`);
    expect(rows).toEqual([{ value: '"kept"' }]);
    await pool.end();
  });

  it('surfaces STORE_ERROR when the tables are missing (migrate() not run)', async () => {
    const { createPostgresStore } = await import('./postgres-store');
    const store = createPostgresStore({
      connectionString: process.env.ENGAGELOOP_PG_URL,
      schema: freshSchema(),
    });
    opened.push(store);
    expect(await codeOf(store.getDocument('user:u1'))).toBe('STORE_ERROR');
    expect(await codeOf(store.transact(['user:u1'], (tx) => tx.load(['user:u1'])))).toBe('STORE_ERROR');
  });

  it('rejects a schema name that is not a plain identifier (STORE_ERROR)', async () => {
    const { createPostgresStore } = await import('./postgres-store');
    expect(() => createPostgresStore({ connectionString: 'postgres://x', schema: 'a"; DROP' })).toThrowError(
      expect.objectContaining({ code: 'STORE_ERROR' }),
    );
  });
});
