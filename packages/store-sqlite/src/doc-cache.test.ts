import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitWrite, Store } from '@engageloop/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failNextSqliteCommit } from './faults';
import { createSqliteStore } from './sqlite-store';

const docs = (entries: Record<string, unknown>): CommitWrite => ({
  docs: Object.entries(entries).map(([key, value]) => ({ key, value })),
  counters: [],
  messages: [],
  cancelMessages: [],
  timers: { schedule: [], cancel: [], complete: [] },
});

const commit = (store: Store, entries: Record<string, unknown>) =>
  store.transact(Object.keys(entries), (tx) => tx.commit(docs(entries)));

const load = (store: Store, keys: string[]) => store.transact(keys, (tx) => tx.load(keys));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'engageloop-doc-cache-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('SQLite document cache', () => {
  it('reads a document it committed back frozen, without a new copy, equal to the file', async () => {
    const store = createSqliteStore({ filename: join(dir, 'a.db') });
    const value = { points: 3, entries: [{ id: 'e1', amount: 3 }], badges: {} };
    await commit(store, { 'user:u1': value });
    const first = (await load(store, ['user:u1'])).get('user:u1');
    const second = (await load(store, ['user:u1'])).get('user:u1');
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual(await store.getDocument('user:u1'));
    // What was committed is frozen: changing it afterwards throws and the stored value stays.
    expect(() => {
      (value as { points: number }).points = 99;
    }).toThrow(TypeError);
    expect(await store.getDocument('user:u1')).toEqual({
      points: 3,
      entries: [{ id: 'e1', amount: 3 }],
      badges: {},
    });
    await store.close();
  });

  it('parses every read when documentCache is 0', async () => {
    const store = createSqliteStore({ filename: join(dir, 'b.db'), documentCache: 0 });
    await commit(store, { 'user:u1': { points: 3 } });
    const first = (await load(store, ['user:u1'])).get('user:u1');
    const second = (await load(store, ['user:u1'])).get('user:u1');
    expect(second).not.toBe(first);
    expect(second).toEqual({ points: 3 });
    expect(Object.isFrozen(first)).toBe(false);
    await store.close();
  });

  it('keeps the value in force when a commit fails, and drops a deleted or forgotten document', async () => {
    const store = createSqliteStore({ filename: join(dir, 'c.db') });
    await commit(store, { 'user:u1': { points: 3 }, 'user:u2': { points: 5 }, 'group:g': { size: 2 } });
    failNextSqliteCommit(store);
    await expect(commit(store, { 'user:u1': { points: 4 } })).rejects.toMatchObject({ code: 'STORE_ERROR' });
    expect((await load(store, ['user:u1'])).get('user:u1')).toEqual({ points: 3 });
    await commit(store, { 'group:g': null });
    expect((await load(store, ['group:g'])).has('group:g')).toBe(false);
    await store.forgetUser('u2', 'forgotten:0123456789abcdef');
    expect((await load(store, ['user:u2'])).has('user:u2')).toBe(false);
    await store.close();
  });

  it('holds at most documentCache documents, the least recently written dropped first', async () => {
    const store = createSqliteStore({ filename: join(dir, 'd.db'), documentCache: 2 });
    await commit(store, { 'user:u1': { n: 1 } });
    await commit(store, { 'user:u2': { n: 2 } });
    await commit(store, { 'user:u3': { n: 3 } });
    const read = await load(store, ['user:u1', 'user:u2', 'user:u3']);
    expect([...read.entries()].map(([key, value]) => [key, value, Object.isFrozen(value)])).toEqual([
      ['user:u2', { n: 2 }, true],
      ['user:u3', { n: 3 }, true],
      ['user:u1', { n: 1 }, false],
    ]);
    await store.close();
  });

  it('creates a new file with 16 KiB pages', async () => {
    const filename = join(dir, 'e.db');
    await createSqliteStore({ filename }).close();
    const db = new Database(filename, { readonly: true });
    expect(db.pragma('page_size', { simple: true })).toBe(16_384);
    db.close();
  });
});
