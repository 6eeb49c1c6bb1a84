/**
 * Issue 20: four app instances — four CHILD PROCESSES, each with its own pool, store and engine — run
 * `engine.dispatchBatch` at the same time against one PostgreSQL schema, each over its own copy of one stream
 * of tasks and reviews (incentives awards, one outbox message per event), and the result equals one process
 * running the stream once.
 *
 * Each copy is fully shuffled (seeded, one seed per instance): users interleave differently AND each user's
 * events come in a different order in every copy, and about 5% of the events appear a second time at a later
 * position. Keeping each user's order inside a copy would prove nothing more: with four instances racing, no
 * per-user order survives across them anyway. So the workload is one whose outcome must not depend on order:
 * a fixed award per event type, tiers from the total score, one message per event (./support/proof-workload.ts).
 * What must hold, and is asserted:
 * - the ledgers (every entry, by event, and the points) equal the single-process run's;
 * - the outbox has exactly the single-process run's dedupe keys, none twice, and the same totals per user and
 *   topic (message totals are order-independent);
 * - after the workload's ticks (each until quiet) on both stores, the same tiers, timers and ledgers (a tier
 *   review's due time follows the event that changed the tier: before the ticks it depends on order);
 * - every event was applied exactly once over the four instances (their `applied` counts add up to the stream,
 *   the rest are duplicates, none failed), and `reward:granted` was emitted as often as in the single run.
 * Size: PROOF_EVENTS (default 3000) events over PROOF_USERS (default 100) users, batches of 100.
 */
import { afterAll, expect, it } from 'vitest';
import {
  describePg,
  dropSchemas,
  freshSchema,
  openStore,
  PG_URL,
} from '../../packages/store-postgres/src/pg-test-support';
import { startBatchProcess } from './support/batch-processes';
import { cleanRun, ledgers, outbox, proofEvents, tickToQuiet, timers } from './support/proof-workload';
import { shuffled, userIds, withDuplicates } from './support/scenario';

const EVENTS = Number(process.env.PROOF_EVENTS ?? 3_000);
const USERS = Number(process.env.PROOF_USERS ?? 100);
const INSTANCES = 4;
const BATCH = 100;

describePg('PostgreSQL: four processes, shuffled and duplicated copies of one stream', () => {
  afterAll(() => dropSchemas());

  it(`${INSTANCES} processes × dispatchBatch over ${EVENTS} events give the single-process ledger`, async () => {
    const events = proofEvents(EVENTS, USERS, 5);
    const users = userIds(USERS);
    const schema = freshSchema();
    await (await openStore(schema)).close();
    const copies = Array.from({ length: INSTANCES }, (_, w) =>
      withDuplicates(shuffled(events, 300 + w), 400 + w),
    );
    for (const copy of copies) expect(copy.length).toBeGreaterThan(EVENTS);
    const instances = await Promise.all(
      copies.map((copy, w) =>
        startBatchProcess({
          store: { kind: 'postgres', url: PG_URL ?? '', schema },
          events: copy,
          batchSize: BATCH,
          name: `engageloop-four-${w}`,
        }),
      ),
    );
    try {
      const t0 = performance.now();
      const done = await Promise.all(instances.map((instance) => instance.go()));
      const seconds = (performance.now() - t0) / 1000;
      await Promise.all(instances.map((instance) => instance.close()));

      const sum = (pick: (d: (typeof done)[number]) => number) => done.reduce((n, d) => n + pick(d), 0);
      expect(done.flatMap((d) => d.failures)).toEqual([]);
      expect(sum((d) => d.failed)).toBe(0);
      expect(sum((d) => d.applied)).toBe(EVENTS); // each event applied once, by one of the four
      for (const d of done) expect(d.applied).toBeGreaterThan(0); // and the four did overlap
      expect(sum((d) => d.duplicate)).toBe(sum((d) => d.done) - EVENTS);

      const { store: clean, granted } = await cleanRun(events, BATCH);
      expect(sum((d) => d.granted)).toBe(granted);
      const store = await openStore(schema);
      try {
        const [actual, expected] = [await outbox(store), await outbox(clean)];
        expect(await ledgers(store, users)).toEqual(await ledgers(clean, users));
        expect(actual.keys).toEqual(expected.keys);
        expect(new Set(actual.keys).size).toBe(EVENTS);
        expect(actual.totals).toEqual(expected.totals);
        // Tier reviews: their due time follows the event that changed the tier, which depends on order; the
        // ticks converge them (one engine on each store, every tick until quiet): the same tiers, the same timers.
        expect(await tickToQuiet(store, users)).toEqual(await tickToQuiet(clean, users));
        expect(await timers(store)).toEqual(await timers(clean));
        expect(await ledgers(store, users)).toEqual(await ledgers(clean, users));
      } finally {
        await store.close();
      }
      console.info(
        `${INSTANCES} processes: ${sum((d) => d.done)} dispatches (applied ${done.map((d) => d.applied).join(' + ')}, ${sum((d) => d.duplicate)} duplicates) in ${seconds.toFixed(1)} s`,
      );
    } finally {
      await Promise.all(instances.map((instance) => instance.kill()));
    }
  }, 120_000);
});
