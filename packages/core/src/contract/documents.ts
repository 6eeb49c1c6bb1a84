import { expect, it } from 'vitest';
import type { ContractContext } from './context';
import { collect, commit, message, timer, write } from './fixtures';

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

  it('isolates stored values from the objects callers pass in and get back', async () => {
    const s = store();
    const doc = { points: 1, list: [1] };
    const msg = message('a');
    const tmr = timer('t1');
    await s.transact(['user:u1'], async (tx) => {
      await tx.commit(
        write({ docs: [{ key: 'user:u1', value: doc }], messages: [msg], timers: { schedule: [tmr] } }),
      );
      doc.points = 99;
      doc.list.push(99);
      msg.data.points = 99;
      tmr.payload.n = 99;
    });
    const loaded = (await s.getDocument('user:u1')) as { points: number; list: number[] };
    expect(loaded).toEqual({ points: 1, list: [1] });
    loaded.list.push(7);
    await s.transact(['user:u1'], async (tx) => {
      const inTx = (await tx.load(['user:u1'])).get('user:u1') as { list: number[] };
      expect(inTx.list).toEqual([1]);
      inTx.list.push(8);
    });
    expect(await s.getDocument('user:u1')).toEqual({ points: 1, list: [1] });
    const [listed] = await s.listMessages();
    expect(listed!.data).toEqual({ points: 10, tags: ['a'] });
    (listed!.data.tags as string[]).push('b');
    const [claimed] = await s.claimMessages({ now: 1_000, limit: 1, leaseMs: 1_000, worker: 'w' });
    expect(claimed!.data).toEqual({ points: 10, tags: ['a'] });
    const [listedTimer] = await s.listTimers();
    expect(listedTimer!.payload).toEqual({ trigger: 'inactive', n: 1 });
    listedTimer!.payload.n = 5;
    expect((await s.listTimers())[0]!.payload).toEqual({ trigger: 'inactive', n: 1 });
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
