import { describe, expect, it } from 'vitest';
import type { Outcome } from '../event/outcome';
import type { LoopEvent } from '../event/types';
import type { UserState } from '../plugin/types';
import { entityKey, userKey } from '../store/keys';
import { createMemoryStore } from '../store/memory-store';
import type { Store } from '../store/types';
import { createManualClock } from '../time/clock';
import { BOARD, type KudosState, kudos, kudosPolicy } from './__fixtures__/kudos-plugin';
import { createEngine } from './create-engine';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const given = (
  id: string,
  userId: string,
  to: string,
  extra: Record<string, unknown> = {},
  minute = 0,
): LoopEvent => ({
  id,
  type: 'kudos.given',
  userId,
  at: at(minute),
  payload: { to, ...extra },
});

function setUp(store: Store = createMemoryStore(), maxDepth?: number) {
  return createEngine({
    plugins: [kudos()],
    policy: kudosPolicy,
    store,
    clock: createManualClock(T0 + 3_600_000),
    ...(maxDepth === undefined ? {} : { derived: { maxDepth } }),
  });
}

const slice = async (store: Store, key: string): Promise<KudosState | undefined> =>
  ((await store.getDocument(key)) as UserState | undefined)?.slices.kudos as KudosState | undefined;

describe('derived events', () => {
  it('dispatches an event derived for another user once, after its cause, and reports it apart', async () => {
    const store = createMemoryStore();
    const engine = setUp(store);
    const derived: Outcome[] = [];
    const outcomes = await engine.dispatchBatch([given('e1', 'ann', 'bob', { group: 'g1' })], {
      onDerived: (o) => {
        derived.push(o);
      },
    });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.status).toBe('applied');
    expect(outcomes[0]?.derived).toHaveLength(2);
    expect(derived.map((o) => [o.source, o.status, o.type, o.userId, o.entity, o.cause])).toEqual([
      ['derived', 'applied', 'kudos.received', 'bob', undefined, 'e1'],
      ['derived', 'applied', 'kudos.bumped', 'group:g1', 'group:g1', 'e1'],
    ]);
    expect(derived.map((o) => o.eventId)).toEqual(outcomes[0]?.derived);
    expect((await slice(store, userKey('bob')))?.from).toEqual({ ann: 1 });
    expect((await slice(store, entityKey('group:g1')))?.from).toEqual({ ann: 1 });
    // The queue is empty: nothing left for tick.
    expect(await store.listTimers()).toEqual([]);
    const tick = await engine.tick(T0 + 7_200_000);
    expect(tick.fired).toBe(0);
  });

  it('a replay of the cause derives the same ids and changes nothing', async () => {
    const store = createMemoryStore();
    const engine = setUp(store);
    const first = await engine.dispatch(given('e1', 'ann', 'bob'));
    const before = await slice(store, userKey('bob'));
    const again = await engine.dispatch(given('e1', 'ann', 'bob'));
    expect(again.status).toBe('duplicate');
    expect(again.derived).toEqual(first.derived);
    expect(await slice(store, userKey('bob'))).toEqual(before);
    expect(before?.received).toBe(1);
  });

  it("no host event reaches a derived event's record, even with its id", async () => {
    const store = createMemoryStore();
    const engine = setUp(store);
    const id = (await engine.dispatch(given('e1', 'ann', 'bob'))).derived?.[0] as string;
    const forged = await engine.dispatch({
      id,
      type: 'kudos.received',
      userId: 'bob',
      at: at(1),
      payload: { from: 'mallory' },
    });
    expect(forged.status).toBe('applied');
    expect(forged.source).toBe('event');
    expect((await slice(store, userKey('bob')))?.from).toEqual({ ann: 1, mallory: 1 });
  });

  it('a cause that rolls back derives nothing', async () => {
    const store = createMemoryStore();
    const engine = setUp(store);
    const derived: Outcome[] = [];
    const [outcome] = await engine.dispatchBatch([given('e1', 'ann', 'bob', { fail: true, group: 'g1' })], {
      onDerived: (o) => {
        derived.push(o);
      },
    });
    expect(outcome?.status).toBe('failed');
    expect(derived).toEqual([]);
    expect(await store.listTimers()).toEqual([]);
    expect(await store.getDocument(userKey('bob'))).toBeUndefined();
    expect(await store.getCounter(`${BOARD}bob`)).toBe(0);
  });

  it('stops a chain past the depth limit with a typed failure that leaves the queue', async () => {
    const store = createMemoryStore();
    const engine = setUp(store, 3);
    const derived: Outcome[] = [];
    await engine.dispatchBatch([{ id: 'p1', type: 'kudos.ping', entity: 'loop:x', at: at(0) }], {
      onDerived: (o) => void derived.push(o),
    });
    expect(derived.map((o) => o.status)).toEqual(['applied', 'applied', 'applied', 'failed']);
    expect(derived.at(-1)?.error?.code).toBe('DERIVED_DEPTH_EXCEEDED');
    expect((await slice(store, entityKey('loop:x')))?.pings).toBe(4);
    expect(await store.listTimers()).toEqual([]);
  });

  it('keeps a derived event committed but not dispatched (a crash) for tick, which dispatches it once', async () => {
    const store = createMemoryStore();
    // The process "dies" after the cause's unit of work committed: every later unit of work fails.
    let units = 0;
    const dying: Store = {
      ...store,
      transact: (keys, work) =>
        ++units > 1 ? Promise.reject(new Error('process killed')) : store.transact(keys, work),
    };
    const cause = await setUp(dying).dispatch(given('e1', 'ann', 'bob'));
    expect(cause.status).toBe('applied');
    expect((await store.listTimers()).map((t) => [t.type, t.userId, t.derived?.cause])).toEqual([
      ['kudos.received', 'bob', 'e1'],
    ]);
    expect(await store.getDocument(userKey('bob'))).toBeUndefined();
    // A healthy instance's tick finds it and dispatches it, once.
    const engine = setUp(store);
    const report = await engine.tick(T0 + 7_200_000);
    expect(report.outcomes.map((o) => [o.source, o.status, o.type, o.eventId])).toEqual([
      ['derived', 'applied', 'kudos.received', cause.derived?.[0]],
    ]);
    expect((await slice(store, userKey('bob')))?.received).toBe(1);
    expect(await store.listTimers()).toEqual([]);
    expect((await engine.tick(T0 + 7_200_000)).fired).toBe(0);
    // The cause again: a duplicate that derives nothing new.
    expect((await engine.dispatch(given('e1', 'ann', 'bob'))).status).toBe('duplicate');
    expect((await slice(store, userKey('bob')))?.received).toBe(1);
  });

  it('a derived event whose dispatch fails stays queued, and tick retries it', async () => {
    const store = createMemoryStore();
    let failing = true;
    const flaky: Store = {
      ...store,
      transact: (keys, work) =>
        failing && keys.includes(userKey('bob'))
          ? Promise.reject(new Error('bob is busy'))
          : store.transact(keys, work),
    };
    const engine = setUp(flaky);
    const derived: Outcome[] = [];
    await engine.dispatchBatch([given('e1', 'ann', 'bob')], { onDerived: (o) => void derived.push(o) });
    expect(derived.map((o) => [o.status, o.error?.code])).toEqual([['failed', 'STORE_ERROR']]);
    expect(await store.listTimers()).toHaveLength(1);
    failing = false;
    const report = await engine.tick(T0 + 7_200_000);
    expect(report.outcomes.map((o) => o.status)).toEqual(['applied']);
    expect((await slice(store, userKey('bob')))?.received).toBe(1);
  });

  it('refuses a bad derivation by code, rolling the cause back', async () => {
    const store = createMemoryStore();
    const engine = setUp(store);
    // kudos.given to an entity-looking user is fine; to nobody ("") the derive names no valid subject.
    const outcome = await engine.dispatch(given('e1', 'ann', ''));
    expect([outcome.status, outcome.error?.code]).toEqual(['failed', 'EVENT_SUBJECT_INVALID']);
    expect(await store.listTimers()).toEqual([]);
    expect(await store.getDocument(userKey('ann'))).toBeUndefined();
  });
});

describe('entities as subjects', () => {
  it('an entity and a user with the same id never share a document, a record or an event', async () => {
    const store = createMemoryStore();
    const engine = setUp(store);
    const asUser = await engine.dispatch({ id: 'same', type: 'kudos.ping', userId: 'group:g1', at: at(0) });
    const asEntity = await engine.dispatch({
      id: 'same',
      type: 'kudos.bumped',
      entity: 'group:g1',
      at: at(1),
      payload: { from: 'x' },
    });
    expect(asUser.status).toBe('applied');
    expect(asEntity.status).toBe('applied');
    expect(asEntity.entity).toBe('group:g1');
    const user = (await store.getDocument(userKey('group:g1'))) as UserState;
    const entity = (await store.getDocument(entityKey('group:g1'))) as UserState;
    expect(user.id).toBe('group:g1');
    expect(entity.id).toBe('group:g1');
    expect((user.slices.kudos as KudosState).received).toBe(0);
    expect((entity.slices.kudos as KudosState).received).toBe(1);
    expect(entity.firstSeenAt).toBe(at(1));
  });

  it('serialises the events of one entity across instances: concurrent bumps all count', async () => {
    const store = createMemoryStore();
    const a = setUp(store);
    const b = setUp(store);
    const bumps = (prefix: string) =>
      Array.from({ length: 20 }, (_, i) => ({
        id: `${prefix}${i}`,
        type: 'kudos.bumped',
        entity: 'group:g1',
        at: at(i),
        payload: { from: prefix },
      }));
    await Promise.all([
      a.dispatchBatch(bumps('a'), { batchSize: 3 }),
      b.dispatchBatch(bumps('b'), { batchSize: 7 }),
    ]);
    const group = await slice(store, entityKey('group:g1'));
    expect(group?.received).toBe(40);
    expect(group?.from).toEqual({ a: 20, b: 20 });
  });

  it("forgetUser erases the user's document and leaves the entity's to the plugins' plans", async () => {
    const store = createMemoryStore();
    const engine = setUp(store);
    await engine.dispatch(given('e1', 'group:g1', 'bob', { group: 'g1' }));
    await engine.forgetUser('group:g1');
    expect(await store.getDocument(userKey('group:g1'))).toBeUndefined();
    // The kudos fixture has no forgetUser plan: the group's document (which names the sender) stays as it was.
    expect((await slice(store, entityKey('group:g1')))?.from).toEqual({ 'group:g1': 1 });
  });

  it('refuses an event with no subject or with both, by code, changing nothing', async () => {
    const store = createMemoryStore();
    const engine = setUp(store);
    await expect(engine.dispatch({ id: 'x', type: 'kudos.ping', at: at(0) })).rejects.toMatchObject({
      code: 'EVENT_SUBJECT_INVALID',
    });
    await expect(
      engine.dispatch({ id: 'x', type: 'kudos.ping', userId: 'u1', entity: 'group:g1', at: at(0) }),
    ).rejects.toMatchObject({ code: 'EVENT_SUBJECT_INVALID' });
    await expect(
      engine.dispatch({ id: 'x', type: 'kudos.ping', entity: 'Group:g1', at: at(0) }),
    ).rejects.toMatchObject({
      code: 'EVENT_INVALID',
    });
    expect([...(await listAll(store))]).toEqual([]);
  });
});

async function listAll(store: Store): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of store.listDocuments('')) keys.push(key);
  return keys;
}
