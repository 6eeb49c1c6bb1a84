import { recordKey, userKey } from '@engageloop/core';
import { createPostgresStore } from '@engageloop/store-postgres';
import { afterAll, expect, it } from 'vitest';
import {
  describePg,
  dropSchemas,
  freshSchema,
  PG_URL,
} from '../../packages/store-postgres/src/pg-test-support';
import { loggedPool } from './support/query-log';
import { snapshot, storesEngine, taskEvents } from './support/scenario';

describePg('PostgreSQL: round trips per dispatch', () => {
  afterAll(() => dropSchemas());

  it('dispatches a fresh event in 2 round trips (its commit ends the unit of work) and a replay in 2', async () => {
    const logged = loggedPool(PG_URL ?? '');
    const store = createPostgresStore({ pool: logged.pool, schema: freshSchema() });
    try {
      await store.migrate();
      const engine = await storesEngine(store);
      const events = taskEvents(30, 3);
      const perEvent: string[][] = [];
      for (const event of events) {
        logged.take();
        expect((await engine.dispatch(event)).status).toBe('applied');
        perEvent.push(logged.take());
      }
      for (const statements of perEvent) {
        expect(statements).toHaveLength(2);
        // BEGIN travels in the same batch as the prepared open call (one Sync, one round trip); were it
        // missing, the contract's "writes nothing when the work throws after committing" would fail.
        expect(statements[0]).toMatch(/^SELECT \* FROM "[^"]+"\.engageloop_open3\(/);
        // The engine's commit is final: COMMIT travels in the same batch as the commit call.
        expect(statements[1]).toMatch(/^SELECT enqueued, conflict FROM "[^"]+"\.engageloop_commit7\(/);
      }
      // Committed: every user's document and every acknowledgement.
      const written = await snapshot(store, ['u0', 'u1', 'u2']);
      expect(Object.values(written.users).map((u) => u.points)).toEqual([100, 100, 100]);
      expect(written.messages).toHaveLength(30);
      logged.take();
      const replay = await engine.dispatch(events[0]!);
      expect(replay.status).toBe('duplicate');
      expect(logged.take()).toHaveLength(2);
      await engine.close();
    } finally {
      await logged.pool.end();
    }
  });

  it('runs the unit of work of a 500-event batch in 3 round trips (4 when it reads counters)', async () => {
    const logged = loggedPool(PG_URL ?? '');
    const store = createPostgresStore({ pool: logged.pool, schema: freshSchema() });
    try {
      await store.migrate();
      const users = Array.from({ length: 500 }, (_, i) => `u${i}`);
      const batch = (round: number, withCounters: boolean) =>
        store.transact(
          users.map((u) => userKey(u)),
          async (tx) => {
            const keys = users.map((u) => recordKey('event', u, `e${round}`));
            expect((await tx.recordedMany(keys)).size).toBe(0);
            const docs = await tx.load(users.map((u) => userKey(u)));
            if (withCounters) await tx.counters(['likes:a', 'likes:b']);
            await tx.commit({
              records: users.map((u, i) => ({
                key: keys[i] as string,
                userId: u,
                outcome: { round },
                committedAt: round,
                fingerprint: 'f',
              })),
              docs: users.map((u) => ({
                key: userKey(u),
                value: { n: ((docs.get(userKey(u)) as { n: number } | undefined)?.n ?? 0) + 1 },
              })),
              counters: [{ key: 'likes:a', delta: 1 }],
              messages: [],
              cancelMessages: [],
              timers: { schedule: [], cancel: [], complete: [] },
            });
          },
        );
      logged.take();
      await batch(1, false);
      const plain = logged.take();
      expect(plain).toHaveLength(3);
      expect(plain[0]).toMatch(/engageloop_open3\(/);
      expect(plain[1]).toMatch(/engageloop_commit7\(/);
      expect(plain[2]).toBe('COMMIT');
      await batch(2, true);
      expect(logged.take()).toHaveLength(4);
      expect(await store.getDocument(userKey('u499'))).toEqual({ n: 2 });
      // The open call answered recordedMany: the next batch of the same events finds all 500.
      await store.transact([userKey('u0')], async (tx) => {
        expect((await tx.recordedMany(users.map((u) => recordKey('event', u, 'e2')))).size).toBe(500);
      });
    } finally {
      await store.close();
      await logged.pool.end();
    }
  });
});
