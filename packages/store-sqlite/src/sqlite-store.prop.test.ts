import { type CommitWrite, createMemoryStore, type Store } from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite-store';

const KEYS = ['user:a', 'user:b', '__proto__'];
const IDS = ['x', 'y', 'z', 'constructor'];
/** A timer's generation, or none (stored before generations; a derived event). */
const GENERATION = fc.option(fc.constantFrom('0123456789abcdef', 'fedcba9876543210'), { nil: undefined });

const json = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));

const commitArb: fc.Arbitrary<{ keys: string[]; write: CommitWrite; fail: boolean }> = fc.record({
  keys: fc.subarray(KEYS, { minLength: 1 }),
  fail: fc.boolean(),
  write: fc.record({
    record: fc.option(
      fc.record({
        key: fc.constantFrom(...IDS),
        userId: fc.constant('a'),
        outcome: json,
        committedAt: fc.nat(),
      }),
      { nil: undefined },
    ),
    docs: fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: fc.option(json, { nil: null }) }), {
      maxLength: 3,
    }),
    counters: fc.array(
      fc.record({ key: fc.constantFrom('c1', 'c2'), delta: fc.integer({ min: -5, max: 5 }) }),
      {
        maxLength: 2,
      },
    ),
    messages: fc.array(
      fc
        .record({ n: fc.nat(20), dedupe: fc.constantFrom(...IDS), at: fc.nat(5) })
        .map(({ n, dedupe, at }) => ({
          id: `m${n}-${dedupe}`,
          dedupeKey: dedupe,
          userId: 'a',
          kind: 'reply',
          topic: 't',
          channel: null,
          locale: null,
          subject: null,
          body: 'b',
          data: { n },
          eventId: 'e',
          ruleId: null,
          plugin: 'p',
          createdAt: at,
          notBefore: at,
          transactional: false,
        })),
      { maxLength: 2 },
    ),
    cancelMessages: fc.array(fc.constantFrom(...IDS), { maxLength: 2 }),
    timers: fc.record({
      schedule: fc.array(
        fc
          .record({ id: fc.constantFrom(...IDS), dueAt: fc.nat(3), generation: GENERATION })
          .map(({ id, dueAt, generation }) => ({
            id,
            userId: 'a',
            type: 'tick',
            dueAt,
            payload: { dueAt },
            plugin: 'p',
            eventId: 'e',
            ...(generation === undefined ? {} : { generation }),
          })),
        { maxLength: 2 },
      ),
      cancel: fc.array(fc.constantFrom(...IDS), { maxLength: 1 }),
      complete: fc.array(
        fc.record(
          { id: fc.constantFrom(...IDS), dueAt: fc.nat(3), generation: GENERATION },
          { requiredKeys: ['id', 'dueAt'] },
        ),
        { maxLength: 1 },
      ),
    }),
  }),
});

/** Everything observable of a store, for comparison. */
async function snapshot(store: Store) {
  const docs = await Promise.all(KEYS.map((key) => store.getDocument(key)));
  const counters = await Promise.all(['c1', 'c2'].map((key) => store.getCounter(key)));
  const recorded = await store.transact([], async (tx) => Promise.all(IDS.map((id) => tx.recorded(id))));
  return { docs, counters, recorded, messages: await store.listMessages(), timers: await store.listTimers() };
}

/** Runs the commits on a store; writes whose key is not locked, or a `fail`, throw inside the work. */
async function run(store: Store, commits: Array<{ keys: string[]; write: CommitWrite; fail: boolean }>) {
  const results: unknown[] = [];
  for (const { keys, write, fail } of commits) {
    const outcome = await store
      .transact(keys, async (tx) => {
        const result = await tx.commit(write);
        if (fail) throw new Error('work failed after commit');
        return result;
      })
      .then(
        (result) => result,
        (error: { code?: string }) => error.code ?? 'thrown',
      );
    results.push(outcome);
  }
  return results;
}

describe('createSqliteStore behaves like the memory store', () => {
  it('gives the same results and state for any sequence of units of work', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commitArb, { maxLength: 8 }), async (commits) => {
        const memory = createMemoryStore();
        const sqlite = createSqliteStore({ filename: ':memory:' });
        try {
          expect(await run(sqlite, commits)).toEqual(await run(memory, commits));
          expect(await snapshot(sqlite)).toEqual(await snapshot(memory));
        } finally {
          await sqlite.close();
          await memory.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
