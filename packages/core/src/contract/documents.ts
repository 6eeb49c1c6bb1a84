import { expect, it } from 'vitest';
import type { ContractContext } from './context';
import { collect, commit, message, record, timer, write } from './fixtures';

/**
 * A mutation attempt on a value passed to or read from a store either throws (the store froze it) or has no
 * effect (the store copied it); which one is up to the store. Any other error fails the test.
 */
function tryMutate(mutate: () => unknown): void {
  try {
    mutate();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
  }
}

/** Documents, counters, isolation of stored values, and keys that look like object internals. */
export function documentCases({ store }: ContractContext): void {
  it('reads committed documents outside a unit of work', async () => {
    const s = store();
    expect(await s.getDocument('user:u1')).toBeUndefined();
    await commit(s, write({ docs: [{ key: 'user:u1', value: { n: [1, 2], s: 'x', b: false, z: null } }] }));
    expect(await s.getDocument('user:u1')).toEqual({ n: [1, 2], s: 'x', b: false, z: null });
  });

  it('lists documents by prefix in key order', async () => {
    const s = store();
    const keys = ['user:b', 'team:a', 'user:a', 'user:c:x', 'users'];
    await commit(s, write({ docs: keys.map((key, i) => ({ key, value: i })) }));
    expect(await collect(s.listDocuments('user:'))).toEqual([
      { key: 'user:a', value: 2 },
      { key: 'user:b', value: 0 },
      { key: 'user:c:x', value: 3 },
    ]);
    expect((await collect(s.listDocuments(''))).map((d) => d.key)).toEqual([
      'team:a',
      'user:a',
      'user:b',
      'user:c:x',
      'users',
    ]);
    expect(await collect(s.listDocuments('nothing:'))).toEqual([]);
  });

  it('adds counter deltas; an absent counter reads 0', async () => {
    const s = store();
    expect(await s.getCounter('budget')).toBe(0);
    await commit(
      s,
      write({
        counters: [
          { key: 'budget', delta: 5 },
          { key: 'other', delta: -2 },
        ],
      }),
      ['user:u1'],
    );
    await commit(s, write({ counters: [{ key: 'budget', delta: 3 }] }), ['user:u1']);
    expect(await s.getCounter('budget')).toBe(8);
    expect(await s.getCounter('other')).toBe(-2);
    await s.transact(['user:u1'], async (tx) => {
      expect(await tx.counters(['budget', 'none'])).toEqual(
        new Map([
          ['budget', 8],
          ['none', 0],
        ]),
      );
    });
  });

  it('changes a stored value only by a commit: mutating what was passed in or read back throws or has no effect', async () => {
    const s = store();
    const doc = { points: 1, list: [1], nested: { tags: ['x'] } };
    const msg = message('a');
    const tmr = timer('t1');
    const rec = record('e1');
    const w = write({
      docs: [{ key: 'user:u1', value: doc }],
      messages: [msg],
      timers: { schedule: [tmr] },
      record: rec,
    });
    await s.transact(['user:u1'], async (tx) => {
      await tx.commit(w);
      tryMutate(() => {
        doc.points = 99;
      });
      tryMutate(() => doc.list.push(99));
      tryMutate(() => doc.nested.tags.push('y'));
      tryMutate(() => {
        msg.data.points = 99;
      });
      tryMutate(() => {
        msg.body = 'changed';
      });
      tryMutate(() => {
        tmr.payload.n = 99;
      });
      tryMutate(() => {
        (rec.outcome as { effects: unknown[] }).effects.push('x');
      });
      // The containers of the write too: the commit took what they held when it was called.
      w.docs[0] = { key: 'user:u1', value: { points: 42 } };
      w.messages.push(message('late'));
      w.timers.schedule.length = 0;
    });
    const stored = { points: 1, list: [1], nested: { tags: ['x'] } };
    expect(await s.getDocument('user:u1')).toEqual(stored);
    expect((await s.listMessages()).map((m) => [m.id, m.body, m.data])).toEqual([
      ['a', 'body of a', { points: 10, tags: ['a'] }],
    ]);
    expect(await s.listTimers()).toEqual([timer('t1')]);

    const read = (await s.getDocument('user:u1')) as typeof doc;
    tryMutate(() => read.list.push(7));
    tryMutate(() => {
      read.nested.tags[0] = 'z';
    });
    const [listedDoc] = await collect(s.listDocuments('user:'));
    tryMutate(() => {
      (listedDoc!.value as typeof doc).points = 7;
    });
    await s.transact(['user:u1'], async (tx) => {
      const inTx = (await tx.load(['user:u1'])).get('user:u1') as typeof doc;
      expect(inTx).toEqual(stored);
      tryMutate(() => inTx.list.push(8));
      tryMutate(() => {
        inTx.points = 8;
      });
      const recorded = await tx.recorded('e1');
      expect(recorded).toEqual(record('e1'));
      tryMutate(() => {
        recorded!.userId = 'someone';
      });
      tryMutate(() => {
        (recorded!.outcome as { effects: Array<{ points: number }> }).effects[0]!.points = 0;
      });
    });
    expect(await s.getDocument('user:u1')).toEqual(stored);
    await s.transact(['user:u1'], async (tx) => {
      expect(await tx.recorded('e1')).toEqual(record('e1'));
    });

    const [listed] = await s.listMessages();
    tryMutate(() => (listed!.data.tags as string[]).push('b'));
    tryMutate(() => {
      listed!.status = 'sent';
    });
    const [claimed] = await s.claimMessages({ now: 1_000, limit: 1, leaseMs: 60_000, worker: 'w' });
    expect(claimed!.data).toEqual({ points: 10, tags: ['a'] });
    tryMutate(() => {
      claimed!.data.points = 0;
    });
    expect((await s.listMessages()).map((m) => [m.status, m.data])).toEqual([
      ['pending', { points: 10, tags: ['a'] }],
    ]);
    const [listedTimer] = await s.listTimers();
    tryMutate(() => {
      listedTimer!.payload.n = 5;
    });
    const [claimedTimer] = await s.claimTimers({ now: 5_000, limit: 1, leaseMs: 60_000, worker: 'w' });
    tryMutate(() => {
      claimedTimer!.dueAt = 0;
    });
    expect(await s.listTimers()).toEqual([timer('t1')]);
  });

  it('treats keys like __proto__ and constructor as plain data', async () => {
    const s = store();
    const keys = ['__proto__', 'constructor', 'user:__proto__'];
    await commit(s, write({ docs: keys.map((key) => ({ key, value: { k: key } })) }));
    await commit(
      s,
      write({
        counters: [
          { key: '__proto__', delta: 2 },
          { key: 'toString', delta: 1 },
        ],
      }),
      ['x'],
    );
    for (const key of keys) expect(await s.getDocument(key)).toEqual({ k: key });
    expect(await s.getDocument('hasOwnProperty')).toBeUndefined();
    expect(await s.getCounter('__proto__')).toBe(2);
    expect(await s.getCounter('toString')).toBe(1);
    expect(await s.getCounter('valueOf')).toBe(0);
    expect(({} as Record<string, unknown>).k).toBeUndefined();
  });
}
