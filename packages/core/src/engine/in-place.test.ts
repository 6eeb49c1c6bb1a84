import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin';
import type { UserState } from '../plugin/types';
import type { PolicyDocument, RuleDefinition } from '../policy/types';
import { userKey } from '../store/keys';
import { createMemoryStore, failNextMemoryCommit } from '../store/memory-store';
import type { Store, SyncStoreTransaction } from '../store/types';
import { createManualClock } from '../time/clock';
import { createEngine } from './create-engine';

/*
 * On the memory store the engine writes attributes and event counts into its own users' dictionaries in place
 * (`InPlaceLog`), and into a small (sorted) bag a write that keeps its layout: a new value, or a new key that sorts
 * last:
 * a failed event, a cut one or a failed commit takes its writes back, keys in their order, and whoever is
 * handed a user — a hook, a host read during the batch — never sees a write that is later undone.
 */

const at = '2026-01-01T00:00:00Z';
const set = (key: string, value: unknown) => ({ type: 'core.setAttribute', params: { key, value } });
const rule = (id: string, on: string, effects: unknown[]): RuleDefinition =>
  ({ id, stage: 'need', on: [on], effects }) as RuleDefinition;
const TEN = Array.from({ length: 10 }, (_, i) => set(`a${i}`, 1));

const policy: PolicyDocument = {
  version: 1,
  name: 'in-place',
  rules: [
    rule('run', 'p.run', TEN),
    rule('few', 'p.few', [set('a0', 1), set('a1', 1)]),
    rule('bump', 'p.bump', [set('a0', 2), set('z', 1)]),
    rule('fail', 'p.fail', [set('a0', 3), set('y', 1), { type: 'p.boom', params: {} }]),
  ],
};

/** The user as the engine's next unit of work loads it, unfrozen (`loadOwned`). */
async function ownedUser(store: Store, id: string): Promise<UserState> {
  let user: unknown;
  await store.transact([userKey(id)], async (tx) => {
    user = (tx.sync as SyncStoreTransaction).loadOwned?.([userKey(id)]).get(userKey(id));
  });
  return user as UserState;
}

function setUp() {
  const store = createMemoryStore();
  const peeks: Array<{ user: UserState; json: string }> = [];
  const reads: Array<Promise<unknown>> = [];
  const plugin = definePlugin<Record<string, never>, unknown>({
    name: 'p',
    version: '1.0.0',
    eventTypes: { 'p.a': {}, 'p.run': {}, 'p.few': {}, 'p.bump': {}, 'p.fail': {} },
    effects: {
      'p.boom': {
        params: { type: 'object' },
        apply: (_state, _params, ctx) => {
          peeks.push({ user: ctx.user, json: JSON.stringify(ctx.user) });
          reads.push(store.getDocument(userKey(ctx.event.userId)));
          throw new Error('boom');
        },
      },
    },
    hooks: {
      afterRules: (ctx) => {
        if (ctx.event.type !== 'p.bump') return;
        peeks.push({ user: ctx.user, json: JSON.stringify(ctx.user) });
        reads.push(store.getDocument(userKey(ctx.event.userId)));
      },
    },
  });
  const engine = createEngine({ plugins: [plugin], policy, store, clock: createManualClock(at) });
  return { engine, store, peeks, reads };
}

const event = (id: string, type: string, userId = 'u') => ({ id, type, userId, at });

describe('attributes written in place', () => {
  it('writes into the engine’s own dictionary, and a failed event takes its writes back, keys in order', async () => {
    const { engine, store, peeks } = setUp();
    await engine.dispatch(event('e1', 'p.run'));
    const kept = await ownedUser(store, 'u');
    const bag = kept.attributes;
    expect(Object.getPrototypeOf(bag)).toBeNull();
    const keys = Object.keys(bag);
    const outcomes = await engine.dispatchBatch([event('e2', 'p.fail'), event('e3', 'p.bump')]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'applied']);
    // The hook of the failed event read a copy, frozen, that never changed.
    for (const { user, json } of peeks) {
      expect(Object.isFrozen(user.attributes)).toBe(true);
      expect(JSON.stringify(user)).toBe(json);
    }
    expect(peeks[0]?.user.attributes).toMatchObject({ a0: 3, y: 1 });
    // e3 wrote into the stored dictionary itself, then its hook was handed a copy (kept as the user's since).
    expect(Object.keys(bag)).toEqual([...keys, 'z']);
    expect(bag).toMatchObject({ a0: 2, z: 1 });
    const after = await ownedUser(store, 'u');
    expect(Object.keys(after.attributes)).toEqual([...keys, 'z']);
    expect(after.attributes).toMatchObject({ a0: 2, z: 1 });
    expect(Object.hasOwn(after.attributes, 'y')).toBe(false);
  });

  it('writes into a small bag in place when its keys stay sorted, and a failed event takes them back', async () => {
    const { engine, store, peeks } = setUp();
    await engine.dispatch(event('e1', 'p.few'));
    const bag = (await ownedUser(store, 'u')).attributes;
    expect(Object.getPrototypeOf(bag)).toBe(Object.prototype);
    const outcomes = await engine.dispatchBatch([event('e2', 'p.fail'), event('e3', 'p.bump')]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'applied']);
    // The failed event's effect was handed a frozen copy of what it had written in place.
    expect(peeks[0]?.user.attributes).toEqual({ a0: 3, a1: 1, y: 1 });
    expect(peeks[0]?.user.attributes).not.toBe(bag);
    expect(Object.isFrozen(peeks[0]?.user.attributes)).toBe(true);
    // e2's a0 = 3 and y were undone; e3 changed a0 and added z (last in order) in the stored bag itself.
    expect(Object.keys(bag)).toEqual(['a0', 'a1', 'z']);
    expect(bag).toEqual({ a0: 2, a1: 1, z: 1 });
    const after = await ownedUser(store, 'u');
    expect(after.attributes).toEqual({ a0: 2, a1: 1, z: 1 });
    // A key that would not go last is put in its sorted place in a copy (eight keys; the ninth makes a dictionary).
    await engine.dispatch(event('e4', 'p.run'));
    expect(Object.keys(bag)).toEqual(['a0', 'a1', 'z']);
    const keys = Object.keys((await engine.getUser('u'))?.attributes ?? {});
    expect(keys).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'z', 'a7', 'a8', 'a9']);
  });

  it('takes every write of the batch back when its commit fails; a host read made during it waits', async () => {
    const { engine, store, peeks, reads } = setUp();
    await engine.dispatch(event('e1', 'p.run'));
    const kept = await ownedUser(store, 'u');
    const json = JSON.stringify(kept);
    const keys = Object.keys(kept.attributes);
    failNextMemoryCommit(store);
    const outcomes = await engine.dispatchBatch([event('e2', 'p.bump'), event('e3', 'p.bump')]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(JSON.stringify(kept)).toBe(json);
    expect(Object.keys(kept.attributes)).toEqual(keys);
    // The reads the hooks started answer with the user as committed, never with the undone writes.
    for (const read of await Promise.all(reads)) expect(JSON.stringify(read)).toBe(json);
    for (const { user, json: seen } of peeks) expect(JSON.stringify(user)).toBe(seen);
    // And the next batch writes again from there.
    await engine.dispatch(event('e4', 'p.bump'));
    expect((await engine.getUser('u'))?.attributes).toMatchObject({ a0: 2, z: 1 });
  });

  it('hands a host read made during a batch the user as committed by it', async () => {
    const { engine, reads } = setUp();
    await engine.dispatch(event('e1', 'p.run'));
    await engine.dispatchBatch([event('e2', 'p.bump')]);
    const [read] = (await Promise.all(reads)) as UserState[];
    expect(read?.attributes).toMatchObject({ a0: 2, z: 1 });
    expect(Object.isFrozen(read?.attributes)).toBe(true);
  });
});

describe('event counts written in place', () => {
  it('counts into the engine’s own bag; a failed event takes its count back, a hook reads a copy', async () => {
    const { engine, store, peeks } = setUp();
    await engine.dispatch(event('e1', 'p.a'));
    const counts = (await ownedUser(store, 'u')).counts;
    expect(counts).toEqual({ 'p.a': 1 });
    const outcomes = await engine.dispatchBatch([event('e2', 'p.fail'), event('e3', 'p.a')]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'applied']);
    // The failed event's effect was handed a frozen copy holding the count it had written in place (p.fail sorts
    // last), which was undone; e3 counted into the stored bag itself.
    const failed = peeks[0]?.user.counts;
    expect(failed).toEqual({ 'p.a': 1, 'p.fail': 1 });
    expect(failed).not.toBe(counts);
    expect(Object.isFrozen(failed)).toBe(true);
    expect(Object.keys(counts)).toEqual(['p.a']);
    expect(counts).toEqual({ 'p.a': 2 });
    expect((await ownedUser(store, 'u')).counts).toBe(counts);
    // The host read e2's effect made froze the stored user: e4 counts into a copy, which the store keeps unfrozen.
    await engine.dispatchBatch([event('e4', 'p.few')]);
    expect(counts).toEqual({ 'p.a': 2 });
    const copy = (await ownedUser(store, 'u')).counts;
    // A type that sorts last is added in place; one that would not go last is put in its sorted place in a copy.
    await engine.dispatchBatch([event('e5', 'p.run')]);
    expect((await ownedUser(store, 'u')).counts).toBe(copy);
    expect(Object.keys(copy)).toEqual(['p.a', 'p.few', 'p.run']);
    await engine.dispatchBatch([event('e6', 'p.bump')]);
    expect(Object.keys(copy)).toEqual(['p.a', 'p.few', 'p.run']);
    const user = await engine.getUser('u');
    expect(Object.keys(user?.counts ?? {})).toEqual(['p.a', 'p.bump', 'p.few', 'p.run']);
  });
});
