import type { CommitWrite, Store } from '@engageloop/core';
import { afterAll, afterEach, expect, it } from 'vitest';
import { failNextPostgresCommit } from './faults';
import { describePg, dropSchemas, freshSchema, openStore } from './pg-test-support';
import type { PostgresStore, PostgresStoreOptions } from './postgres-store';

/** A write of nothing but `entries` (key → document). */
const docs = (entries: Record<string, unknown>): CommitWrite => {
  const timers = { schedule: [], cancel: [], complete: [] };
  const written = Object.entries(entries).map(([key, value]) => ({ key, value }));
  return { docs: written, counters: [], messages: [], cancelMessages: [], timers };
};

/** Commits `entries` in a unit of work of their keys, as the engine does (a final commit). */
const commit = (store: Store, entries: Record<string, unknown>) =>
  store.transact(Object.keys(entries), (tx) => tx.commit(docs(entries), { final: true }));

const load = async (store: Store, key: string) =>
  (await store.transact([key], (tx) => tx.load([key]))).get(key);

describePg('PostgreSQL document cache', () => {
  const opened: PostgresStore[] = [];
  const open = async (schema = freshSchema(), options: Omit<PostgresStoreOptions, 'schema'> = {}) => {
    const store = await openStore(schema, { maxConnections: 2, ...options });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  afterAll(dropSchemas);

  it('reads a document it committed back frozen, as the value it wrote, while its text is unchanged', async () => {
    const store = await open();
    const value = { points: 3, entries: [{ id: 'e1', amount: 3 }], badges: {} };
    await commit(store, { 'user:u1': value });
    const first = await load(store, 'user:u1');
    expect(first).toBe(value);
    expect(await load(store, 'user:u1')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual(await store.getDocument('user:u1'));
    expect(() => {
      (value as { points: number }).points = 99;
    }).toThrow(TypeError);
  });

  it('parses a document another instance changed (its text is not the one cached), and drops what it held', async () => {
    const schema = freshSchema();
    const [a, b] = [await open(schema), await open(schema)];
    await commit(a, { 'user:u1': { points: 1 } });
    expect(await load(a, 'user:u1')).toEqual({ points: 1 });
    await commit(b, { 'user:u1': { points: 2 } });
    const read = await load(a, 'user:u1');
    expect(read).toEqual({ points: 2 });
    expect(Object.isFrozen(read)).toBe(false);
    // The same text again (written by the other instance): parsed, since what this instance cached was dropped.
    await commit(b, { 'user:u1': { points: 1 } });
    expect(await load(a, 'user:u1')).toEqual({ points: 1 });
    expect(Object.isFrozen(await load(a, 'user:u1'))).toBe(false);
  });

  it('keeps what a unit of work wrote only once it committed: a rollback leaves the entry of the last commit', async () => {
    const store = await open();
    const kept = { points: 1 };
    await commit(store, { 'user:u1': kept });
    // The commit's statement fails (injected): rolled back.
    failNextPostgresCommit(store);
    await store
      .transact(['user:u1'], (tx) => tx.commit(docs({ 'user:u1': { points: 2 } })))
      .catch(() => undefined);
    expect(await load(store, 'user:u1')).toBe(kept);
    // The commit went through, then the work threw: rolled back too.
    await store
      .transact(['user:u1'], async (tx) => {
        await tx.commit(docs({ 'user:u1': { points: 3 } }));
        throw new Error('after the commit');
      })
      .catch(() => undefined);
    expect(await load(store, 'user:u1')).toBe(kept);
    expect(await store.getDocument('user:u1')).toEqual({ points: 1 });
  });

  it('drops an erased user: after forgetUser the same text again is parsed', async () => {
    const schema = freshSchema();
    const [a, b] = [await open(schema), await open(schema)];
    const user = { id: 'u1', profile: { name: 'Ann' }, attributes: {}, slices: {} };
    await commit(a, { 'user:u1': user });
    await a.forgetUser('u1', 'p1');
    expect(await load(a, 'user:u1')).toBeUndefined();
    // Another instance writes the very same text: read as the database holds it, not as cached before.
    await commit(b, { 'user:u1': structuredClone(user) });
    const read = await load(a, 'user:u1');
    expect(read).not.toBe(user);
    expect(read).toEqual(user);
  });

  it('keeps no value that is not plain JSON data: its text is parsed', async () => {
    const store = await open();
    const at = new Date(Date.UTC(2026, 0, 1));
    await commit(store, { 'user:u1': { at } });
    expect(await load(store, 'user:u1')).toEqual({ at: at.toISOString() });
  });

  it('holds at most documentCache documents (the least recently written dropped first); 0 keeps none', async () => {
    const two = await open(freshSchema(), { documentCache: 2 });
    const values = [{ n: 1 }, { n: 2 }, { n: 3 }];
    for (const [i, value] of values.entries()) await commit(two, { [`user:u${i}`]: value });
    expect(await load(two, 'user:u0')).not.toBe(values[0]);
    expect(await load(two, 'user:u0')).toEqual({ n: 1 });
    expect(await load(two, 'user:u2')).toBe(values[2]);
    const none = await open(freshSchema(), { documentCache: 0 });
    const value = { n: 4 };
    await commit(none, { 'user:u1': value });
    const read = await load(none, 'user:u1');
    expect(read).not.toBe(value);
    expect(Object.isFrozen(value)).toBe(false);
    expect(Object.isFrozen(read)).toBe(false);
  });
});
