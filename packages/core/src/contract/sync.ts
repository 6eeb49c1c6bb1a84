import { expect, it } from 'vitest';
import type { ContractContext } from './context';
import { commit, message, record, write } from './fixtures';

/**
 * `StoreTransaction.sync`, for stores that offer it: each method answers what its promise-returning
 * twin answers, and throws (synchronously) what that one rejects with. A store without it skips these.
 */
export function syncCases({ store }: ContractContext): void {
  it('reads, counts and commits like the promise methods (or is absent)', async () => {
    const s = store();
    await commit(
      s,
      write({
        docs: [{ key: 'user:u1', value: { points: 1 } }],
        counters: [{ key: 'c', delta: 2 }],
        record: record('e1'),
      }),
    );
    const seen = await s.transact(['user:u1'], (tx) => {
      const sync = tx.sync;
      if (!sync) return 'no sync face';
      expect(sync.recorded('e1')).toEqual(record('e1'));
      expect(sync.recorded('e2')).toBeUndefined();
      expect(sync.load(['user:u1'])).toEqual(new Map([['user:u1', { points: 1 }]]));
      expect(sync.counters(['c', 'd'])).toEqual(
        new Map([
          ['c', 2],
          ['d', 0],
        ]),
      );
      const result = sync.commit(
        write({
          docs: [{ key: 'user:u1', value: { points: 2 } }],
          messages: [message('e2#0')],
          record: record('e2'),
        }),
      );
      expect(result).toEqual({ duplicateMessages: [] });
      return 'sync face';
    });
    if (seen === 'no sync face') return;
    expect(await s.getDocument('user:u1')).toEqual({ points: 2 });
    expect((await s.listMessages()).map((m) => m.id)).toEqual(['e2#0']);
  });

  it('throws the contract errors synchronously and writes nothing', async () => {
    const s = store();
    await s.transact(['user:u1'], (tx) => {
      const sync = tx.sync;
      if (!sync) return;
      expect(() => sync.load(['user:u2'])).toThrow(
        expect.objectContaining({ code: 'STORE_CONTRACT_VIOLATION' }),
      );
      expect(() => sync.commit(write({ docs: [{ key: 'user:u2', value: 1 }] }))).toThrow(
        expect.objectContaining({ code: 'STORE_CONTRACT_VIOLATION' }),
      );
    });
    expect(await s.getDocument('user:u2')).toBeUndefined();
    const ended = await s.transact(['user:u1'], (tx) => tx);
    if (!ended.sync) return;
    const after = ended.sync;
    expect(() => after.load(['user:u1'])).toThrow(
      expect.objectContaining({ code: 'STORE_CONTRACT_VIOLATION' }),
    );
    await expect(
      s.transact(['user:u1'], (tx) => {
        tx.sync?.commit(write({ docs: [{ key: 'user:u1', value: 1 }] }));
        tx.sync?.commit(write({ docs: [{ key: 'user:u1', value: 2 }] }));
      }),
    ).rejects.toMatchObject({ code: 'STORE_CONTRACT_VIOLATION' });
    expect(await s.getDocument('user:u1')).toBeUndefined();
  });
}
