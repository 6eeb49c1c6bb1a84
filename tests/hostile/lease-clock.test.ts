/**
 * Issue 19, item 7: PostgreSQL leases are judged by the database's clock. Three app instances (each its own
 * pool, store and engine) whose clocks are hours apart (+0, +5 h, −5 h) dispatch one workload into one
 * schema, then drain and tick it all at once, each with its own clock. Every message reaches the handler
 * exactly once and every due timer fires once: no instance takes a row another one holds, however far its
 * clock is from the holder's. (With leases judged by each worker's `now`, the instance 5 h behind writes
 * leases the others already see as expired, and they deliver its messages again.)
 */
import {
  createManualClock,
  type Engine,
  type OutboxMessage,
  type Outcome,
  timerEventId,
} from '@engageloop/core';
import { afterAll, expect, it } from 'vitest';
import {
  describePg,
  dropSchemas,
  freshSchema,
  openStore,
} from '../../packages/store-postgres/src/pg-test-support';
import { storesEngine, taskEvents } from '../stores/support/scenario';

const HOUR = 3_600_000;
const OFFSETS = [0, 5 * HOUR, -5 * HOUR];
/** After every tier review of the January workload is due, even for the instance 5 h behind. */
const BASE = Date.parse('2026-05-01T00:00:00Z');
const EVENTS = Number(process.env.LEASE_EVENTS ?? 300);
const USERS = 12;

/** Drains and ticks on `engine` (its own clock) until a round finds nothing to do. */
async function work(engine: Engine, worker: string, handler: (m: OutboxMessage) => Promise<void>) {
  const fired: Outcome[] = [];
  for (;;) {
    const [drained, ticked] = await Promise.all([
      engine.drain(handler, { batchSize: 10, worker }),
      engine.tick(undefined, { batchSize: 10, worker }),
    ]);
    fired.push(...ticked.outcomes);
    if (drained.sent === 0 && ticked.fired === 0) return fired;
  }
}

describePg('PostgreSQL leases with app instances whose clocks are hours apart', () => {
  afterAll(() => dropSchemas());

  it('delivers every message exactly once and fires every due timer once (instances at +0, +5 h, −5 h)', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(OFFSETS.map(() => openStore(schema, { maxConnections: 3 })));
    const engines = await Promise.all(
      stores.map((store, i) => storesEngine(store, createManualClock(BASE + (OFFSETS[i] as number)))),
    );
    try {
      const events = taskEvents(EVENTS, USERS, 3);
      await Promise.all(
        engines.map(async (engine, i) => {
          for (const event of events.filter((_, k) => k % engines.length === i)) await engine.dispatch(event);
        }),
      );
      const queued = (await stores[0]!.listMessages()).map((m) => m.id).sort();
      const due = (await stores[0]!.listTimers()).filter((t) => t.dueAt <= BASE - 5 * HOUR);
      expect(queued).toHaveLength(EVENTS);
      expect(due.length).toBeGreaterThan(0);

      const delivered: string[] = [];
      const handler = async (m: OutboxMessage) => {
        delivered.push(m.id);
        await new Promise((resolve) => setTimeout(resolve, 1)); // a channel takes a moment
      };
      const fired = (await Promise.all(engines.map((engine, i) => work(engine, `w${i}`, handler)))).flat();

      expect(delivered.length - new Set(delivered).size).toBe(0); // 0 double deliveries
      expect(delivered.slice().sort()).toEqual(queued);
      expect((await stores[0]!.listMessages({ status: 'sent' })).map((m) => m.id).sort()).toEqual(queued);
      // Each claimed timer was dispatched by one instance only: no replay of a timer event.
      expect(fired.filter((o) => o.status !== 'applied')).toEqual([]);
      expect(new Set(fired.map((o) => o.eventId)).size).toBe(fired.length);
      const firedIds = new Set(fired.map((o) => o.eventId));
      for (const timer of due) expect(firedIds.has(timerEventId(timer))).toBe(true);
    } finally {
      for (const engine of engines) await engine.close();
    }
  }, 120_000);
});
