import { describe, expect, it } from 'vitest';
import { isEngageLoopError } from '../errors/error';
import type { LoopEvents } from '../event/loop-events';
import type { LoopEvent } from '../event/types';
import { definePlugin } from '../plugin/define-plugin';
import type { Plugin } from '../plugin/types';
import { createMemoryStore, failNextMemoryCommit } from '../store/memory-store';
import type { Store, StoreTransaction, SyncStoreTransaction } from '../store/types';
import { createManualClock } from '../time/clock';
import { type TallyState, tally } from './__fixtures__/tally-plugin';
import { tallyPolicy } from './__fixtures__/tally-policy';
import { createEngine } from './create-engine';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const review = (id: string, userId: string, minute: number, rating = 5): LoopEvent => ({
  id,
  type: 'review.submitted',
  userId,
  at: at(minute),
  payload: { rating },
});
const feedback = (id: string, userId: string, minute: number): LoopEvent => ({
  id,
  type: 'feedback.submitted',
  userId,
  at: at(minute),
  payload: { text: 'hello' },
});

function setUp(plugins: Plugin[] = [tally({ failOn: 'feedback.submitted' })], store = createMemoryStore()) {
  const engine = createEngine({ plugins, policy: tallyPolicy, store, clock: createManualClock(T0) });
  const seen: Array<[string, unknown]> = [];
  for (const name of ['dispatch:completed', 'error', 'message:queued', 'tally:level-up'] as const)
    engine.on(name, (payload: LoopEvents[typeof name]) => seen.push([name, payload]));
  return { engine, store, seen };
}

const points = async (store: Store, userId: string) =>
  ((await store.getDocument(`user:${userId}`)) as { slices: { tally?: TallyState } } | undefined)?.slices
    .tally?.points;

/** `inner`, counting the unit-of-work calls the engine makes (its synchronous face only). */
function counting(inner: Store) {
  const calls: string[] = [];
  const store: Store = {
    ...inner,
    transact: (keys, work) =>
      inner.transact(keys, (tx) => {
        calls.push('transact');
        const sync = tx.sync as SyncStoreTransaction;
        const counted: SyncStoreTransaction = {
          recorded(key) {
            calls.push('recorded');
            return sync.recorded(key);
          },
          recordedMany(keys) {
            calls.push('recordedMany');
            return sync.recordedMany(keys);
          },
          load(keys) {
            calls.push('load');
            return sync.load(keys);
          },
          counters(keys) {
            calls.push('counters');
            return sync.counters(keys);
          },
          commit(write) {
            calls.push(`commit:${write.records?.length ?? 0}`);
            return sync.commit(write);
          },
        };
        const asyncFace = (name: string) => () => {
          throw new Error(
            `the engine called the promise face (${name}) of a store that has a synchronous one`,
          );
        };
        return work({
          recorded: asyncFace('recorded'),
          recordedMany: asyncFace('recordedMany'),
          load: asyncFace('load'),
          counters: asyncFace('counters'),
          existingMessages: (k) => tx.existingMessages(k),
          commit: asyncFace('commit'),
          sync: counted,
        } as StoreTransaction);
      }),
  };
  return { store, calls };
}

describe('dispatchBatch', () => {
  it('runs a batch in one unit of work: one transact, one read of records, documents and counters, one commit', async () => {
    const { store, calls } = counting(createMemoryStore());
    const { engine } = setUp([tally()], store);
    const events = Array.from({ length: 30 }, (_, i) => review(`r${i}`, `u${i % 7}`, i));
    const outcomes = await engine.dispatchBatch(events);
    expect(outcomes.map((o) => o.status)).toEqual(events.map(() => 'applied'));
    expect(calls).toEqual(['transact', 'recordedMany', 'load', 'commit:30']);
    expect(await points(store, 'u0')).toBe(60 * 5); // r0, r7, r14, r21, r28
  });

  it('rolls back a failing event alone: its fallback commits, the others commit, outcomes in input order', async () => {
    const { engine, store, seen } = setUp();
    const outcomes = await engine.dispatchBatch([
      review('r1', 'u1', 0),
      feedback('f1', 'u1', 1), // tally throws: rolled back, answered by the fallback
      review('r2', 'u1', 2), // sees r1's points (not f1's): 120, level 1
      { id: 'bad', type: 'review.submitted', userId: 'u1', at: 'yesterday' },
      review('r3', 'u2', 3),
    ]);
    expect(outcomes.map((o) => [o.eventId, o.status, o.error?.code])).toEqual([
      ['r1', 'applied', undefined],
      ['f1', 'failed', 'PLUGIN_ERROR'],
      ['r2', 'applied', undefined],
      ['bad', 'failed', 'EVENT_INVALID'],
      ['r3', 'applied', undefined],
    ]);
    expect(outcomes[1]?.messages).toMatchObject([{ kind: 'reply', queued: true }]);
    expect(outcomes[2]?.messages.map((m) => m.kind)).toContain('notice');
    expect(await points(store, 'u1')).toBe(120);
    expect(await points(store, 'u2')).toBe(60);
    const topics = (await store.listMessages({ userId: 'u1' })).map((m) => m.topic).sort();
    expect(topics).toEqual(['fallback', 'level-up']);
    // Loop events after the commit, in input order; `error` for the plugin failure, none for bad input.
    expect(
      seen.map(([name, p]) =>
        name === 'dispatch:completed'
          ? `${(p as { eventId: string }).eventId}:${(p as { status: string }).status}`
          : name === 'error'
            ? `error:${(p as { error: { code: string } }).error.code}`
            : name,
      ),
    ).toEqual([
      'r1:applied',
      'message:queued',
      'error:PLUGIN_ERROR',
      'f1:failed',
      'tally:level-up',
      'message:queued',
      'r2:applied',
      'r3:applied',
    ]);
  });

  it('takes an id repeated in a batch as a duplicate of the first, and refuses one reused for another envelope', async () => {
    const { engine, store } = setUp([tally()]);
    const outcomes = await engine.dispatchBatch([
      review('r1', 'u1', 0),
      review('r1', 'u1', 0),
      review('r1', 'u1', 0, 4), // the same id, another payload
      review('r1', 'u2', 0), // another user's r1 is another event
      review('r1', 'u3', 0), // and a third user's
      review('r1', 'u2', 0), // found among the batch's records of the id r1
    ]);
    expect(outcomes.map((o) => [o.userId, o.status, o.error?.code])).toEqual([
      ['u1', 'applied', undefined],
      ['u1', 'duplicate', undefined],
      ['u1', 'failed', 'EVENT_ID_REUSED'],
      ['u2', 'applied', undefined],
      ['u3', 'applied', undefined],
      ['u2', 'duplicate', undefined],
    ]);
    expect(outcomes[1]).toMatchObject({ fired: outcomes[0]?.fired, status: 'duplicate' });
    expect(await points(store, 'u1')).toBe(60);
    // The batch again: every event was committed before.
    const again = await engine.dispatchBatch([review('r1', 'u1', 0), review('r1', 'u2', 0)]);
    expect(again.map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
  });

  it('fails every event of a batch whose commit fails, writes nothing, and commits the next batch', async () => {
    const { engine, store, seen } = setUp();
    failNextMemoryCommit(store);
    const events = [review('r1', 'u1', 0), feedback('f1', 'u2', 1), review('r2', 'u3', 2)];
    const outcomes = await engine.dispatchBatch(events, { batchSize: 2 });
    expect(outcomes.map((o) => [o.eventId, o.status, o.error?.code])).toEqual([
      ['r1', 'failed', 'STORE_ERROR'],
      ['f1', 'failed', 'STORE_ERROR'],
      ['r2', 'applied', undefined],
    ]);
    expect(await store.getDocument('user:u1')).toBeUndefined();
    expect(await store.listMessages({ userId: 'u2' })).toEqual([]);
    expect(await points(store, 'u3')).toBe(60);
    const errors = seen.filter(([name]) => name === 'error').map(([, p]) => p as LoopEvents['error']);
    // r1: the store's error; f1: its own failure, then the store's carrying it.
    expect(errors.map((e) => [e.eventId, e.error.code])).toEqual([
      ['r1', 'STORE_ERROR'],
      ['f1', 'PLUGIN_ERROR'],
      ['f1', 'STORE_ERROR'],
    ]);
    expect(errors[2]?.error.errors.map((e) => e.code)).toEqual(['PLUGIN_ERROR']);
    // Nothing of the failed batch was recorded: sent again, it runs.
    const retried = await engine.dispatchBatch(events.slice(0, 2));
    expect(retried.map((o) => o.status)).toEqual(['applied', 'failed']);
  });

  it('dispatch is a batch of one: it rejects bad input and store failures, and resolves a plugin failure', async () => {
    const { engine, store } = setUp();
    const reason = await engine.dispatch({ id: 'x', type: 'review.submitted', userId: 'u1' }).catch((e) => e);
    expect(isEngageLoopError(reason) && reason.code).toBe('EVENT_INVALID');
    failNextMemoryCommit(store);
    const down = await engine.dispatch(review('r1', 'u1', 0)).catch((e) => e);
    expect(isEngageLoopError(down) && down.code).toBe('STORE_ERROR');
    expect((await engine.dispatch(feedback('f1', 'u1', 1))).status).toBe('failed');
    await engine.dispatch(review('r1', 'u1', 0));
    const reused = await engine.dispatch(review('r1', 'u1', 0, 3)).catch((e) => e);
    expect(isEngageLoopError(reused) && reused.code).toBe('EVENT_ID_REUSED');
  });

  it('ends the batch before an event that cancels a message an earlier event of it queued, and goes on', async () => {
    const notes = definePlugin({
      name: 'notes',
      version: '1.0.0',
      eventTypes: { 'note.sent': {}, 'note.withdrawn': {} },
      hooks: {
        afterRules: (ctx) => {
          if (ctx.event.type === 'note.sent')
            ctx.send({ kind: 'note', topic: 'n', body: 'hi', dedupeKey: 'note' });
          if (ctx.event.type === 'note.withdrawn') ctx.cancelMessages(['note']);
        },
      },
    });
    const { store, calls } = counting(createMemoryStore());
    const { engine } = setUp([tally(), notes], store);
    const event = (id: string, type: string, minute: number) => ({ id, type, userId: 'u1', at: at(minute) });
    const outcomes = await engine.dispatchBatch([
      event('n1', 'note.sent', 0),
      event('n2', 'note.withdrawn', 1),
      event('n3', 'note.sent', 2),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'applied']);
    expect(outcomes[2]?.messages).toMatchObject([{ queued: false }]); // the cancelled note keeps its key
    expect(calls.filter((c) => c.startsWith('commit'))).toEqual(['commit:1', 'commit:2']);
    expect((await store.listMessages()).map((m) => [m.dedupeKey, m.status])).toEqual([['note', 'cancelled']]);
  });

  it('leaves one timer per id: the last schedule or cancel of the batch', async () => {
    const { engine, store } = setUp([tally()]);
    const outcomes = await engine.dispatchBatch([review('r1', 'u1', 0), review('r2', 'u1', 30)]);
    expect(outcomes.map((o) => o.timers.scheduled)).toEqual([['tally:reminder:u1'], ['tally:reminder:u1']]);
    expect((await store.listTimers()).map((t) => [t.id, t.dueAt])).toEqual([
      ['tally:reminder:u1', T0 + 30 * 60_000 + 3_600_000],
    ]);
  });

  it('reads events from an async iterable, runs hooks that return promises, and reports each outcome after its loop events', async () => {
    const slow = definePlugin({
      name: 'slow',
      version: '1.0.0',
      hooks: { afterRules: async () => new Promise<void>((resolve) => setTimeout(resolve, 1)) },
    });
    const { engine, seen } = setUp([tally(), slow]);
    async function* stream() {
      for (let i = 0; i < 5; i++) yield review(`r${i}`, 'u1', i);
    }
    const order: string[] = [];
    const outcomes = await engine.dispatchBatch(stream(), {
      batchSize: 2,
      onOutcome: (o, i) => {
        order.push(`${i}:${o.eventId}:${seen.length}`);
      },
    });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    // Each outcome comes after its own `dispatch:completed` (and the level-up of r1).
    const completedBefore = order.map((entry) => Number(entry.split(':')[2]));
    expect(completedBefore).toEqual([...completedBefore].sort((a, b) => a - b));
    expect(order.map((e) => e.split(':').slice(0, 2).join(':'))).toEqual([
      '0:r0',
      '1:r1',
      '2:r2',
      '3:r3',
      '4:r4',
    ]);
  });

  it('runs each event at its own time with now: "event", at the clock once per batch by default', async () => {
    const { engine } = setUp([tally()]);
    const [byClock] = await engine.dispatchBatch([feedback('f1', 'u1', 90)], { trace: true });
    const [byEvent] = await engine.dispatchBatch([feedback('f2', 'u1', 90)], { now: 'event' });
    const created = async (id: string) =>
      (await engine.store.listMessages({ userId: 'u1' })).find((m) => m.eventId === id)?.createdAt;
    expect(byClock?.trace).toBeDefined();
    expect(await created('f1')).toBe(T0);
    expect(await created('f2')).toBe(T0 + 90 * 60_000);
    expect(byEvent?.trace).toBeUndefined();
  });

  it('refuses bad options with DISPATCH_OPTIONS_INVALID and dispatches nothing', async () => {
    const { engine, store } = setUp([tally()]);
    for (const [events, options] of [
      [[review('r1', 'u1', 0)], { batchSize: 0 }],
      [[review('r1', 'u1', 0)], { batchSize: 1.5 }],
      [[review('r1', 'u1', 0)], { now: 'server' }],
      [[review('r1', 'u1', 0)], { onOutcome: 'log' }],
      ['not events', {}],
      [42, {}],
    ] as const) {
      const error = await engine.dispatchBatch(events as never, options as never).catch((e) => e);
      expect(isEngageLoopError(error) && error.code).toBe('DISPATCH_OPTIONS_INVALID');
    }
    expect(await store.getDocument('user:u1')).toBeUndefined();
  });

  it('replays a compacted record as a duplicate that says only that', async () => {
    const inner = createMemoryStore();
    const compacting: Store = {
      ...inner,
      transact: (keys, work) =>
        inner.transact(keys, (tx) => {
          const sync = tx.sync as SyncStoreTransaction;
          const recordedMany = (k: readonly string[]) => {
            const found = sync.recordedMany(k);
            for (const [key, r] of found) found.set(key, { ...r, outcome: null });
            return found;
          };
          const face: SyncStoreTransaction = {
            recorded: (key) => {
              const found = sync.recorded(key);
              return found && { ...found, outcome: null };
            },
            recordedMany,
            load: (k) => sync.load(k),
            counters: (k) => sync.counters(k),
            commit: (w) => sync.commit(w),
          };
          return work({
            ...face,
            existingMessages: (k: readonly string[]) => tx.existingMessages(k),
            sync: face,
          } as never);
        }),
    };
    const { engine } = setUp([tally()], compacting);
    await engine.dispatch(review('r1', 'u1', 0));
    const replay = await engine.dispatch(review('r1', 'u1', 0));
    expect(replay).toEqual({
      eventId: 'r1',
      userId: 'u1',
      type: 'review.submitted',
      source: 'event',
      status: 'duplicate',
      fired: [],
      effects: [],
      messages: [],
      timers: { scheduled: [], cancelled: [] },
      emitted: [],
      compacted: true,
    });
    const reused = await engine.dispatch(review('r1', 'u1', 0, 2)).catch((e) => e);
    expect(isEngageLoopError(reused) && reused.code).toBe('EVENT_ID_REUSED');
  });
});
