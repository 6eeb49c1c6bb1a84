import { expect, it } from 'vitest';
import type { CommitOptions, Store, StoreTransaction } from '../store/types';
import type { ContractContext } from './context';
import { commit, expectCode, message, record, timer, write } from './fixtures';

const FINAL: CommitOptions = { final: true };

/** The commit that ends its unit of work (`CommitOptions.final`, how the engine commits). */
export function finalCommitCases({ store, options }: ContractContext): void {
  /** Each face of the transaction the store offers: the promise face, and the synchronous one if any. */
  const faces = (tx: StoreTransaction) => [
    (w: Parameters<StoreTransaction['commit']>[0]) => tx.commit(w, FINAL),
    ...(tx.sync ? [async (w: Parameters<StoreTransaction['commit']>[0]) => tx.sync?.commit(w, FINAL)] : []),
  ];

  it('writes what any commit writes, reports duplicate messages and returns the value of the work', async () => {
    const s = store();
    await commit(s, write({ docs: [{ key: 'user:u0', value: 0 }], messages: [message('old')] }));
    const faceCount = await s.transact(['user:u0'], (tx) => faces(tx).length);
    for (let face = 0; face < faceCount; face++) {
      const result = await s.transact(['user:u1'], async (tx) => {
        await tx.load(['user:u1']);
        const committed = await faces(tx)[face]?.(
          write({
            docs: [{ key: 'user:u1', value: { face } }],
            counters: [{ key: 'c', delta: 1 }],
            messages: [message(`e${face}#0`), message(`again${face}`, { dedupeKey: 'old' })],
            timers: { schedule: [timer(`t${face}`)] },
            record: record(`e${face}`),
          }),
        );
        expect(committed).toEqual({ duplicateMessages: ['old'] });
        return face;
      });
      expect(result).toBe(face);
      expect(await s.getDocument('user:u1')).toEqual({ face });
      expect(await s.getCounter('c')).toBe(face + 1);
      expect((await s.listMessages()).map((m) => m.id)).toContain(`e${face}#0`);
      expect((await s.listTimers()).map((t) => t.id)).toContain(`t${face}`);
      await s.transact(['user:u1'], async (tx) => {
        expect(await tx.recorded(`e${face}`)).toEqual(record(`e${face}`));
      });
    }
  });

  it('writes nothing of a batch when one of its record keys was taken (STORE_CONFLICT)', async () => {
    const s = store();
    await commit(s, write({ docs: [{ key: 'user:u1', value: 1 }], record: record('b') }));
    const batch = write({
      docs: [
        { key: 'user:u1', value: 2 },
        { key: 'user:u2', value: 2 },
      ],
      counters: [{ key: 'c', delta: 1 }],
      messages: [message('m1')],
      timers: { schedule: [timer('t1')] },
      records: [record('a'), record('b', 'u1'), record('c', 'u2')],
    });
    await expectCode(
      s.transact(['user:u1', 'user:u2'], (tx) => tx.commit(batch, FINAL)),
      'STORE_CONFLICT',
    );
    await expectUnchanged(s);
    await s.transact(['user:u1'], async (tx) => {
      expect(await tx.recorded('a')).toBeUndefined();
      expect(await tx.recorded('c')).toBeUndefined();
    });
  });

  if (options.faults) {
    const { failNextCommit } = options.faults;
    it('writes nothing when the final commit fails (STORE_ERROR); the same write succeeds afterwards', async () => {
      const s = store();
      await commit(s, write({ docs: [{ key: 'user:u1', value: 1 }], record: record('b') }));
      const w = write({
        docs: [{ key: 'user:u1', value: 2 }],
        counters: [{ key: 'c', delta: 1 }],
        messages: [message('m1')],
        timers: { schedule: [timer('t1')] },
        record: record('a'),
      });
      failNextCommit(s);
      await expectCode(
        s.transact(['user:u1'], (tx) => tx.commit(w, FINAL)),
        'STORE_ERROR',
      );
      await expectUnchanged(s);
      await s.transact(['user:u1'], (tx) => tx.commit(w, FINAL));
      expect(await s.getDocument('user:u1')).toBe(2);
      expect(await s.getCounter('c')).toBe(1);
    });
  }
}

/** Only what the first commit of the cases above wrote is there. */
async function expectUnchanged(s: Store): Promise<void> {
  expect(await s.getDocument('user:u1')).toBe(1);
  expect(await s.getDocument('user:u2')).toBeUndefined();
  expect(await s.getCounter('c')).toBe(0);
  expect(await s.listMessages()).toEqual([]);
  expect(await s.listTimers()).toEqual([]);
}
