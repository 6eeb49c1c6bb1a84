import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin';
import type { UserState } from '../plugin/types';
import type { PolicyDocument } from '../policy/types';
import { userKey } from '../store/keys';
import { createMemoryStore, failNextMemoryCommit } from '../store/memory-store';
import type { CommitWrite, Store, SyncStoreTransaction } from '../store/types';
import { createManualClock } from '../time/clock';
import { createEngine } from './create-engine';

/*
 * The engine hands its own user documents over to the memory store unfrozen (`CommitWrite` `handedOver`): the
 * store keeps them so, gives them back unfrozen only to the engine (`loadOwned`), and freezes one in place
 * before anyone else reads it. Whoever is handed a user — a host, a hook — holds a frozen one.
 */

const at = '2026-01-01T00:00:00Z';

/** Whether `value` and everything below it is frozen. */
function deepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every(deepFrozen);
}

/** The user document as the engine's next unit of work loads it (`loadOwned`), without freezing it. */
async function ownedUser(store: Store, id: string): Promise<UserState> {
  const key = userKey(id);
  let user: unknown;
  await store.transact([key], async (tx) => {
    user = (tx.sync as SyncStoreTransaction).loadOwned?.([key]).get(key);
  });
  return user as UserState;
}

/** Keeps every user its hooks read, and every write the store was given (by wrapping `transact`). */
function setUp(options: { setUser?: boolean; badSlice?: () => boolean } = {}) {
  const seen: UserState[] = [];
  const plugin = definePlugin<{ n: number; at?: unknown }, unknown>({
    name: 'keeper',
    version: '1.0.0',
    state: { initial: () => ({ n: 0 }) },
    eventTypes: { 'k.run': {} },
    hooks: {
      afterRules: (ctx) => {
        seen.push(ctx.user);
        const n = (ctx.slice<{ n: number }>().n ?? 0) + 1;
        ctx.setSlice(options.badSlice?.() ? { n, at: new Date(0) } : { n });
        if (options.setUser) ctx.setUser((user) => ({ ...user, attributes: { ...user.attributes, p: 1 } }));
      },
    },
  });
  const policy: PolicyDocument = {
    version: 1,
    name: 'handed-over',
    rules: [
      {
        id: 'r',
        stage: 'need',
        on: ['k.run'],
        effects: [{ type: 'core.setAttribute', params: { key: 'seen', value: { ok: true } } }],
      },
    ] as PolicyDocument['rules'],
  };
  const store = createMemoryStore();
  const writes: CommitWrite[] = [];
  const transact = store.transact.bind(store);
  store.transact = (keys, work) =>
    transact(keys, (tx) => {
      const sync = tx.sync as SyncStoreTransaction;
      const commit = sync.commit.bind(sync);
      sync.commit = (write, commitOptions) => {
        writes.push(write);
        return commit(write, commitOptions);
      };
      return work(tx);
    });
  const engine = createEngine({ plugins: [plugin], policy, store, clock: createManualClock(at) });
  return { engine, store, seen, writes };
}

const run = (id: string, userId = 'u') => ({ id, type: 'k.run', userId, at });

describe('user documents handed over to the memory store', () => {
  it('keeps the engine’s user unfrozen, hands it to the host and to hooks frozen, and never changes it', async () => {
    const { engine, store, seen, writes } = setUp();
    await engine.dispatchBatch([run('e1'), run('e2', 'v')]);
    expect(writes.at(-1)?.docs.every((d) => d.handedOver === true)).toBe(true);
    const kept = await ownedUser(store, 'u');
    expect(Object.isFrozen(kept)).toBe(false);
    // What is not one of the engine's containers is frozen already: the slice, the attribute's value.
    expect(Object.isFrozen(kept.slices.keeper)).toBe(true);
    expect(Object.isFrozen(kept.attributes.seen)).toBe(true);

    // The next batch starts from that same unfrozen object; its hook reads a frozen user.
    await engine.dispatchBatch([run('e3'), run('e4')]);
    expect(seen).toHaveLength(4);
    for (const user of seen) expect(deepFrozen(user)).toBe(true);
    expect(kept.counts).toEqual({ 'k.run': 1 });

    // A host read freezes it in place; the engine's next write copies it.
    const read = (await engine.getUser('u')) as UserState;
    expect(deepFrozen(read)).toBe(true);
    expect(read.counts).toEqual({ 'k.run': 3 });
    await engine.dispatch(run('e5'));
    expect(read.counts).toEqual({ 'k.run': 3 });
    expect((await engine.getUser('u'))?.counts).toEqual({ 'k.run': 4 });
  });

  it('freezes a handed-over document before a read in a unit of work or a listing hands it out', async () => {
    const { engine, store } = setUp();
    await engine.dispatch(run('e1'));
    await store.transact([userKey('u')], async (tx) => {
      const loaded = (await tx.load([userKey('u')])).get(userKey('u'));
      expect(deepFrozen(loaded)).toBe(true);
    });
    await engine.dispatch(run('e2'));
    for await (const { value } of store.listDocuments('user:')) expect(deepFrozen(value)).toBe(true);
  });

  it('does not hand over a user a plugin set (ctx.setUser): the store freezes it at commit', async () => {
    const { engine, store, writes } = setUp({ setUser: true });
    await engine.dispatchBatch([run('e1'), run('e2')]);
    expect(writes.at(-1)?.docs.map((d) => d.handedOver)).toEqual([undefined]);
    expect(deepFrozen(await ownedUser(store, 'u'))).toBe(true);
    expect((await engine.getUser('u'))?.attributes).toEqual({ p: 1, seen: { ok: true } });
  });

  it('leaves the handed-over document as it was when the batch’s commit fails', async () => {
    const { engine, store } = setUp();
    await engine.dispatch(run('e1'));
    const before = await ownedUser(store, 'u');
    const json = JSON.stringify(before);
    failNextMemoryCommit(store);
    const outcomes = await engine.dispatchBatch([run('e2'), run('e3')]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(await ownedUser(store, 'u')).toBe(before);
    expect(JSON.stringify(before)).toBe(json);
    expect((await engine.getUser('u'))?.counts).toEqual({ 'k.run': 1 });
  });

  it('still refuses, at the commit, a user whose slice is not JSON data, and keeps the stored user', async () => {
    let bad = false;
    const { engine, store, writes } = setUp({ badSlice: () => bad });
    await engine.dispatch(run('e1'));
    const before = await ownedUser(store, 'u');
    bad = true;
    const outcomes = await engine.dispatchBatch([run('e2'), run('e3', 'v')]);
    expect(outcomes.map((o) => (o.status === 'failed' ? o.error?.code : o.status))).toEqual([
      'STORE_CONTRACT_VIOLATION',
      'STORE_CONTRACT_VIOLATION',
    ]);
    expect(writes.at(-1)?.docs.some((d) => d.handedOver === true)).toBe(false);
    expect(await ownedUser(store, 'u')).toBe(before);
    expect(await engine.getUser('v')).toBeUndefined();
  });
});
