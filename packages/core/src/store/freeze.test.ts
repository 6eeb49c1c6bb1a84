import { describe, expect, it } from 'vitest';
import { EMPTY_ARRAY, EMPTY_OBJECT, freezeJson } from './freeze';
import { userKey } from './keys';
import { createMemoryStore } from './memory-store';

const emptyWrite = {
  counters: [],
  messages: [],
  cancelMessages: [],
  timers: { schedule: [], cancel: [], complete: [] },
};

describe('freezeJson', () => {
  it('freezes a JSON value all the way down and shares one frozen empty object and array', () => {
    const value = { a: { b: [1, { c: 'x' }] }, none: {}, list: [], deep: [[], {}] };
    expect(freezeJson(value, 'v')).toBe(value);
    expect(Object.isFrozen(value) && Object.isFrozen(value.a.b) && Object.isFrozen(value.a.b[1])).toBe(true);
    expect(value.none).toBe(EMPTY_OBJECT);
    expect(value.list).toBe(EMPTY_ARRAY);
    expect(value.deep[0]).toBe(EMPTY_ARRAY);
    expect(value.deep[1]).toBe(EMPTY_OBJECT);
    expect(value).toEqual({ a: { b: [1, { c: 'x' }] }, none: {}, list: [], deep: [[], {}] });
  });

  it('does not visit frozen parts again, and keeps a null-prototype object as it is', () => {
    const shared = Object.freeze({ n: 1 });
    const bare = Object.create(null) as Record<string, unknown>;
    const value = { shared, bare };
    freezeJson(value, 'v');
    expect(value.shared).toBe(shared);
    expect(value.bare).toBe(bare);
    expect(Object.isFrozen(bare)).toBe(true);
  });

  it('refuses values that are not JSON data (STORE_CONTRACT_VIOLATION) and names where', () => {
    for (const bad of [new Date(0), new Map(), new Uint8Array(2), () => 1, new (class Point {})()]) {
      expect(() => freezeJson({ ok: 1, bad }, 'document "user:u1"')).toThrow(
        expect.objectContaining({ code: 'STORE_CONTRACT_VIOLATION', data: { where: 'document "user:u1"' } }),
      );
    }
  });

  it('refuses a cyclic value instead of looping', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => freezeJson(cyclic, 'v')).toThrow(
      expect.objectContaining({ code: 'STORE_CONTRACT_VIOLATION' }),
    );
  });
});

describe('memory store values', () => {
  it('hands out the stored frozen value on read, without copying', async () => {
    const store = createMemoryStore();
    const doc = { points: 1, badges: {} };
    await store.transact([userKey('u1')], (tx) =>
      tx.commit({ ...emptyWrite, docs: [{ key: userKey('u1'), value: doc }] }),
    );
    expect(await store.getDocument(userKey('u1'))).toBe(doc);
    expect(Object.isFrozen(doc)).toBe(true);
    await store.transact([userKey('u1')], async (tx) => {
      expect((await tx.load([userKey('u1')])).get(userKey('u1'))).toBe(doc);
    });
  });

  it('refuses a document that is not JSON data and writes nothing of that commit', async () => {
    const store = createMemoryStore();
    const attempt = store.transact([userKey('u1')], (tx) =>
      tx.commit({
        ...emptyWrite,
        counters: [{ key: 'c', delta: 1 }],
        docs: [{ key: userKey('u1'), value: { at: new Date(0) } }],
        record: { eventId: 'e1', userId: 'u1', outcome: {}, committedAt: 0 },
      }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'STORE_CONTRACT_VIOLATION' });
    expect(await store.getDocument(userKey('u1'))).toBeUndefined();
    expect(await store.getCounter('c')).toBe(0);
    await store.transact([userKey('u1')], async (tx) => {
      expect(await tx.recorded('e1')).toBeUndefined();
      await tx.commit({
        ...emptyWrite,
        docs: [],
        record: { eventId: 'e1', userId: 'u1', outcome: {}, committedAt: 0 },
      });
    });
  });

  it('keeps recorded outcomes as data: the caller keeps its own outcome, every read is a fresh copy', async () => {
    const store = createMemoryStore();
    const outcome: Record<string, unknown> = { status: 'applied', effects: [{ points: 5 }] };
    await store.transact([userKey('u1')], (tx) =>
      tx.commit({
        ...emptyWrite,
        docs: [],
        record: { eventId: 'e1', userId: 'u1', outcome, committedAt: 0 },
      }),
    );
    outcome.trace = { stages: [] };
    (outcome.effects as unknown[]).push({ points: 6 });
    await store.transact([userKey('u1')], async (tx) => {
      const first = await tx.recorded('e1');
      expect(first?.outcome).toEqual({ status: 'applied', effects: [{ points: 5 }] });
      (first?.outcome as { status: string }).status = 'changed';
      expect((await tx.recorded('e1'))?.outcome).toEqual({ status: 'applied', effects: [{ points: 5 }] });
    });
  });

  it('refuses a recorded outcome JSON cannot hold and writes nothing of that commit', async () => {
    const store = createMemoryStore();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const attempt = store.transact([userKey('u1')], (tx) =>
      tx.commit({
        ...emptyWrite,
        docs: [{ key: userKey('u1'), value: { n: 1 } }],
        record: { eventId: 'e1', userId: 'u1', outcome: cyclic, committedAt: 0 },
      }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'STORE_CONTRACT_VIOLATION' });
    expect(await store.getDocument(userKey('u1'))).toBeUndefined();
  });

  it('replaces kept records when forgetting a user; a record read before stays as it was', async () => {
    const store = createMemoryStore();
    const outcome = { userId: 'u1', messages: [{ dedupeKey: 'e1:n:t:u1' }] };
    await store.transact([userKey('u1')], (tx) =>
      tx.commit({
        ...emptyWrite,
        docs: [],
        record: { eventId: 'e1', userId: 'u1', outcome, committedAt: 0 },
      }),
    );
    let before: unknown;
    await store.transact([userKey('u1')], async (tx) => {
      before = await tx.recorded('e1');
    });
    await store.forgetUser('u1', 'forgotten:0123456789abcdef');
    await store.transact([userKey('u1')], async (tx) => {
      const after = await tx.recorded('e1');
      expect(after?.userId).toMatch(/^forgotten:/);
      expect(JSON.stringify(after)).not.toContain('"u1"');
    });
    expect(before).toEqual({ eventId: 'e1', userId: 'u1', outcome, committedAt: 0 });
  });
});
