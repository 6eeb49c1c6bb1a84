import type { CommitWrite, OutboxMessage, TimerRecord } from '@engageloop/core';
import pg from 'pg';
import { afterAll, afterEach, expect, it } from 'vitest';
import { compactOutboxSql } from './outbox';
import { describePg, dropSchemas, freshSchema, openStore, PG_URL } from './pg-test-support';
import type { PostgresStore } from './postgres-store';
import { compactRecordsSql, topCountersQuery } from './queries';

const write = (part: Partial<CommitWrite> = {}): CommitWrite => ({
  docs: [],
  counters: [],
  messages: [],
  cancelMessages: [],
  timers: { schedule: [], cancel: [], complete: [] },
  ...part,
});

const message = (n: number): OutboxMessage => ({
  id: `m${String(n).padStart(3, '0')}`,
  dedupeKey: `d${n}`,
  userId: 'u1',
  kind: 'reply',
  topic: 'thanks',
  channel: 'app',
  locale: 'en',
  subject: null,
  body: 'Thanks',
  data: {},
  eventId: `e${n}`,
  ruleId: null,
  plugin: 'replies',
  createdAt: n,
  notBefore: n,
  transactional: false,
});

const timer = (n: number): TimerRecord => ({
  id: `t${String(n).padStart(3, '0')}`,
  userId: 'u1',
  type: 'lifecycle.care',
  dueAt: n,
  payload: {},
  plugin: 'lifecycle',
  eventId: `e${n}`,
});

/** A deterministic shuffle (so every instance takes the same keys in its own order). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describePg('PostgreSQL store: batches, claims, counters and retention across instances', () => {
  const opened: PostgresStore[] = [];
  const instances = async (n: number, schema = freshSchema()) => {
    const stores: PostgresStore[] = [];
    for (let i = 0; i < n; i++) stores.push(await openStore(schema, { maxConnections: 4 }));
    opened.push(...stores);
    return { stores, schema };
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  afterAll(dropSchemas);

  it('claims due timers and ready messages past the rows another transaction holds (SKIP LOCKED), in batches', async () => {
    const {
      stores: [store],
      schema,
    } = await instances(1);
    const s = store as PostgresStore;
    const ids = Array.from({ length: 10 }, (_, i) => i);
    await s.transact([], (tx) =>
      tx.commit(
        write({ messages: ids.map(message), timers: { schedule: ids.map(timer), cancel: [], complete: [] } }),
      ),
    );
    const holder = new pg.Client({ connectionString: PG_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT id FROM "${schema}".timers WHERE due_at < 5 FOR UPDATE`);
      await holder.query(`SELECT id FROM "${schema}".outbox WHERE created_at < 5 FOR UPDATE`);
      // A claimer that waited for the held rows would never return while the holder keeps them.
      const timers = await s.claimTimers({ now: 100, limit: 100, leaseMs: 60_000, worker: 'w' });
      const messages = await s.claimMessages({ now: 100, limit: 100, leaseMs: 60_000, worker: 'w' });
      expect(timers.map((t) => t.dueAt)).toEqual([5, 6, 7, 8, 9]);
      expect(messages.map((m) => m.createdAt)).toEqual([5, 6, 7, 8, 9]);
      await holder.query('ROLLBACK');
      const rest = await s.claimTimers({ now: 100, limit: 3, leaseMs: 60_000, worker: 'w' });
      expect(rest.map((t) => t.dueAt)).toEqual([0, 1, 2]);
    } finally {
      await holder.end();
    }
  });

  it('adds up shared counters bumped by two instances at once, without document locks', async () => {
    const { stores } = await instances(2);
    const family = ['votes:a', 'votes:b', 'votes:c'];
    const units = Array.from({ length: 30 }, (_, i) => i);
    await Promise.all(
      stores.flatMap((store, k) =>
        units.map((i) =>
          store.transact([`user:k${k}-${i}`], async (tx) => {
            await tx.counters(family);
            const order = (i + k) % 2 === 0 ? family : [...family].reverse();
            await tx.commit(write({ counters: order.map((key) => ({ key, delta: 1 + k })) }));
          }),
        ),
      ),
    );
    const [a] = stores as [PostgresStore];
    expect(await a.topCounters('votes:', { limit: 10 })).toEqual(
      family.map((key) => ({ key, value: units.length * (1 + 2) })),
    );
  });

  it('never deadlocks when instances lock overlapping batches of keys in different orders', async () => {
    const { stores } = await instances(3);
    const keys = Array.from({ length: 200 }, (_, i) => `user:o${i}`);
    const rounds = 3;
    await Promise.all(
      stores.flatMap((store, k) =>
        Array.from({ length: rounds }, (_, round) => {
          const mine = shuffled(keys, 7 + k * 31 + round).slice(0, 150);
          return store.transact(mine, async (tx) => {
            const docs = await tx.load(mine);
            await tx.commit(
              write({ docs: mine.map((key) => ({ key, value: ((docs.get(key) as number) ?? 0) + 1 })) }),
            );
          });
        }),
      ),
    );
    let total = 0;
    for (const key of keys) total += ((await stores[0]?.getDocument(key)) as number | undefined) ?? 0;
    expect(total).toBe(stores.length * rounds * 150);
  });

  it('serves a counter prefix, the oldest live outcomes and the oldest finished messages from indexes', async () => {
    const { schema } = await instances(1);
    const s = `"${schema}"`;
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const explain = async (text: string, values: unknown[]) =>
        (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values)).rows
          .map((row) => row['QUERY PLAN'])
          .join('\n');
      const top = topCountersQuery(s, 'likes:', { limit: 10, after: { key: 'likes:x', value: 3 } });
      expect(await explain(top.text, top.values)).toMatch(/Index (Only )?Scan (using|on) counters_pkey/);
      expect(await explain(top.text, top.values)).toContain("key < 'likes;'");
      expect(await explain(compactRecordsSql(s), [1_000, 10])).toContain('outcomes_live');
      expect(await explain(compactOutboxSql(s), [1_000, 10])).toContain('outbox_compactable');
    } finally {
      await client.end();
    }
  });
});
