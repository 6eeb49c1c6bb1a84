import { describe, expect, it } from 'vitest';
import { forgottenUserId, userKey } from './keys';
import { createMemoryStore, failNextMemoryCommit } from './memory-store';

describe('createMemoryStore options and helpers', () => {
  it('starts with copies of the given documents and counters', async () => {
    const seed = { points: 3 };
    const store = createMemoryStore({ documents: [[userKey('u1'), seed]], counters: [['budget', 7]] });
    seed.points = 99;
    expect(store.kind).toBe('memory');
    expect(await store.getDocument('user:u1')).toEqual({ points: 3 });
    expect(await store.getCounter('budget')).toBe(7);
  });

  it('refuses the fault hook on a store that is not a memory store', () => {
    const other = { ...createMemoryStore() };
    expect(() => failNextMemoryCommit(other)).toThrow(TypeError);
  });

  it('derives a stable pseudonym per key that does not reveal the user id', () => {
    const key = 'a secret of the host, 32 bytes +';
    expect(forgottenUserId('u-42', key)).toBe(forgottenUserId('u-42', key));
    expect(forgottenUserId('u-42', key)).not.toBe(forgottenUserId('u-43', key));
    expect(forgottenUserId('u-42', key)).not.toBe(forgottenUserId('u-42', 'another secret of 32 bytes ....'));
    expect(forgottenUserId('u-42', key)).toMatch(/^forgotten:[0-9a-f]{16}$/);
  });

  it('keeps claims right after re-arming the same timers many times (index rebuilds)', async () => {
    const store = createMemoryStore();
    const timer = (id: string, dueAt: number) => ({
      id,
      userId: 'u1',
      type: 'care',
      dueAt,
      payload: {},
      plugin: 'p',
      eventId: 'e',
    });
    const schedule = (t: ReturnType<typeof timer>) =>
      store.transact([], (tx) =>
        tx.commit({
          docs: [],
          counters: [],
          messages: [],
          cancelMessages: [],
          timers: { schedule: [t], cancel: [], complete: [] },
        }),
      );
    await schedule(timer('leased', 0));
    const claim = (now: number) => store.claimTimers({ now, limit: 10, leaseMs: 1_000, worker: 'w' });
    expect((await claim(0)).map((t) => t.id)).toEqual(['leased']);
    for (let i = 1; i <= 3_000; i++) await schedule(timer('rearmed', 10 ** 9 + i));
    expect(await claim(500)).toEqual([]);
    expect((await claim(1_000)).map((t) => t.id)).toEqual(['leased']);
    expect((await claim(2 * 10 ** 9)).map((t) => [t.id, t.dueAt])).toEqual([
      ['leased', 0],
      ['rearmed', 10 ** 9 + 3_000],
    ]);
  });

  it('finds a record packed by another unit of work after this one read the key as missing', async () => {
    const store = createMemoryStore();
    const key = `e.${'b'.repeat(32)}:e1`;
    // Written compacted (outcome null): kept packed at once, where the commit's check skips a key it read as missing.
    const compacted = { key, userId: 'u1', outcome: null, committedAt: 1_000, fingerprint: 'c'.repeat(32) };
    const empty = { docs: [], counters: [], messages: [], cancelMessages: [] };
    const timers = { schedule: [], cancel: [], complete: [] };
    const first = store.transact(['user:a'], async (tx) => {
      expect(await tx.recordedMany([key, `${key}x`])).toEqual(new Map());
      await store.transact(['user:b'], (other) => other.commit({ ...empty, timers, record: compacted }));
      return tx.commit({ ...empty, timers, record: { ...compacted, userId: 'u2' } });
    });
    await expect(first).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    expect((await store.transact(['user:c'], (tx) => tx.recorded(key)))?.userId).toBe('u1');
  });
});
