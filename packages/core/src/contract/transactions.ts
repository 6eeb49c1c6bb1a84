import { expect, it } from 'vitest';
import type { ContractContext } from './context';
import { commit, expectCode, message, record, timer, write } from './fixtures';

/** Units of work: atomic commit, rollback, contract violations, idempotency records. */
export function transactionCases({ store, options }: ContractContext): void {
  it('returns the value of the work and commits docs, counters, messages, timers and record together', async () => {
    const s = store();
    const result = await s.transact(['user:u1'], async (tx) => {
      expect(await tx.load(['user:u1'])).toEqual(new Map());
      await tx.commit(
        write({
          docs: [{ key: 'user:u1', value: { points: 10, tags: ['new'] } }],
          counters: [{ key: 'budget:2026-01', delta: 10 }],
          messages: [message('e1#0')],
          timers: { schedule: [timer('t1')] },
          record: record('e1'),
        }),
      );
      return 'done';
    });
    expect(result).toBe('done');
    expect(await s.getDocument('user:u1')).toEqual({ points: 10, tags: ['new'] });
    expect(await s.getCounter('budget:2026-01')).toBe(10);
    expect((await s.listMessages()).map((m) => m.id)).toEqual(['e1#0']);
    expect(await s.listTimers()).toEqual([timer('t1')]);
    await s.transact(['user:u1'], async (tx) => {
      expect(await tx.recorded('e1')).toEqual(record('e1'));
      expect(await tx.recorded('e2')).toBeUndefined();
      expect(await tx.load(['user:u1'])).toEqual(new Map([['user:u1', { points: 10, tags: ['new'] }]]));
    });
  });

  it('deletes a document written with value null; load leaves missing keys out', async () => {
    const s = store();
    await commit(
      s,
      write({
        docs: [
          { key: 'user:u1', value: { a: 1 } },
          { key: 'user:u2', value: { b: 2 } },
        ],
      }),
    );
    await commit(s, write({ docs: [{ key: 'user:u1', value: null }] }));
    expect(await s.getDocument('user:u1')).toBeUndefined();
    await s.transact(['user:u1', 'user:u2'], async (tx) => {
      const docs = await tx.load(['user:u1', 'user:u2']);
      expect([...docs.keys()]).toEqual(['user:u2']);
    });
  });

  it('rejects loading a key the unit of work does not hold (STORE_CONTRACT_VIOLATION)', async () => {
    await store().transact(['user:u1'], async (tx) => {
      await expectCode(tx.load(['user:u2']), 'STORE_CONTRACT_VIOLATION');
    });
  });

  it('rejects writing a document the unit of work does not hold, and writes nothing', async () => {
    const s = store();
    const attempt = s.transact(['user:u1'], (tx) =>
      tx.commit(
        write({
          docs: [
            { key: 'user:u1', value: 1 },
            { key: 'user:u2', value: 2 },
          ],
        }),
      ),
    );
    await expectCode(attempt, 'STORE_CONTRACT_VIOLATION');
    expect(await s.getDocument('user:u1')).toBeUndefined();
    expect(await s.getDocument('user:u2')).toBeUndefined();
  });

  it('rejects a second commit in one unit of work (STORE_CONTRACT_VIOLATION)', async () => {
    const s = store();
    await expectCode(
      s.transact(['user:u1'], async (tx) => {
        await tx.commit(write({ docs: [{ key: 'user:u1', value: 1 }] }));
        await tx.commit(write({ docs: [{ key: 'user:u1', value: 2 }] }));
      }),
      'STORE_CONTRACT_VIOLATION',
    );
    expect(await s.getDocument('user:u1')).toBeUndefined();
  });

  it('rejects using a transaction after its unit of work ended (STORE_CONTRACT_VIOLATION)', async () => {
    const s = store();
    const tx = await s.transact(['user:u1'], async (t) => t);
    await expectCode(tx.load(['user:u1']), 'STORE_CONTRACT_VIOLATION');
    await expectCode(tx.commit(write({ docs: [{ key: 'user:u1', value: 1 }] })), 'STORE_CONTRACT_VIOLATION');
    expect(await s.getDocument('user:u1')).toBeUndefined();
  });

  it('writes nothing and releases the locks when the work throws before committing', async () => {
    const s = store();
    await commit(s, write({ docs: [{ key: 'user:u1', value: { v: 1 } }] }));
    const boom = new Error('boom');
    await expect(
      s.transact(['user:u1'], async (tx) => {
        await tx.load(['user:u1']);
        throw boom;
      }),
    ).rejects.toBe(boom);
    await commit(s, write({ docs: [{ key: 'user:u1', value: { v: 2 } }] }));
    expect(await s.getDocument('user:u1')).toEqual({ v: 2 });
  });

  it('writes nothing when the work throws after committing', async () => {
    const s = store();
    await expect(
      s.transact(['user:u1'], async (tx) => {
        await tx.commit(
          write({
            docs: [{ key: 'user:u1', value: 1 }],
            counters: [{ key: 'c', delta: 1 }],
            messages: [message('e1#0')],
            timers: { schedule: [timer('t1')] },
            record: record('e1'),
          }),
        );
        throw new Error('after commit');
      }),
    ).rejects.toThrow();
    expect(await s.getDocument('user:u1')).toBeUndefined();
    expect(await s.getCounter('c')).toBe(0);
    expect(await s.listMessages()).toEqual([]);
    expect(await s.listTimers()).toEqual([]);
    await commit(
      s,
      write({ docs: [{ key: 'user:u1', value: 1 }], messages: [message('e1#0')], record: record('e1') }),
    );
    expect((await s.listMessages()).map((m) => m.id)).toEqual(['e1#0']);
  });

  it('rejects a second record of an event id (STORE_CONFLICT) and writes nothing of that commit', async () => {
    const s = store();
    await commit(s, write({ docs: [{ key: 'user:u1', value: 1 }], record: record('e1') }));
    const again = write({
      docs: [{ key: 'user:u1', value: 2 }],
      counters: [{ key: 'c', delta: 1 }],
      messages: [message('e1#0')],
      timers: { schedule: [timer('t1')] },
      record: record('e1'),
    });
    await expectCode(commit(s, again), 'STORE_CONFLICT');
    expect(await s.getDocument('user:u1')).toBe(1);
    expect(await s.getCounter('c')).toBe(0);
    expect(await s.listMessages()).toEqual([]);
    expect(await s.listTimers()).toEqual([]);
  });

  it('commits a unit of work without a record (failed dispatch) any number of times', async () => {
    const s = store();
    await commit(s, write({ counters: [{ key: 'c', delta: 1 }] }), ['user:u1']);
    await commit(s, write({ counters: [{ key: 'c', delta: 1 }] }), ['user:u1']);
    expect(await s.getCounter('c')).toBe(2);
  });

  if (options.faults) {
    const { failNextCommit } = options.faults;
    it('writes nothing when the commit fails (STORE_ERROR), and the same write succeeds afterwards', async () => {
      const s = store();
      await commit(s, write({ docs: [{ key: 'user:u1', value: { v: 1 } }], messages: [message('old')] }));
      const w = write({
        docs: [{ key: 'user:u1', value: { v: 2 } }],
        counters: [{ key: 'c', delta: 5 }],
        messages: [message('e2#0')],
        cancelMessages: ['old'],
        timers: { schedule: [timer('t1')] },
        record: record('e2'),
      });
      failNextCommit(s);
      await expectCode(commit(s, w), 'STORE_ERROR');
      expect(await s.getDocument('user:u1')).toEqual({ v: 1 });
      expect(await s.getCounter('c')).toBe(0);
      expect((await s.listMessages()).map((m) => [m.id, m.status])).toEqual([['old', 'pending']]);
      expect(await s.listTimers()).toEqual([]);
      expect(await commit(s, w)).toEqual({ duplicateMessages: [] });
      expect(await s.getDocument('user:u1')).toEqual({ v: 2 });
      expect(await s.getCounter('c')).toBe(5);
    });
  }
}
