import { describe, expect, it } from 'vitest';
import { commit, deferred, expectCode, record, write } from '../contract/fixtures';
import { createMemoryStore, memoryStoreContents } from './memory-store';

// The memory store's commit does not look up again a record key its unit of work read and found free, as long as
// no record was written since (`MemoryTransaction.#stage`): these check that a conflict is still caught around it.
describe('memory store: the commit after a read of records', () => {
  it('still refuses a key another unit of work recorded after this one read it free (STORE_CONFLICT)', async () => {
    const store = createMemoryStore();
    const gate = deferred();
    const read = deferred();
    const slow = store.transact(['user:a'], async (tx) => {
      expect(await tx.recordedMany(['k1', 'k2'])).toEqual(new Map());
      read.resolve();
      await gate.promise;
      await tx.commit(write({ docs: [{ key: 'user:a', value: 1 }], records: [record('k1'), record('k2')] }));
    });
    await read.promise;
    await commit(store, write({ docs: [{ key: 'user:b', value: 1 }], record: record('k2') }));
    gate.resolve();
    await expectCode(slow, 'STORE_CONFLICT');
    expect(await store.getDocument('user:a')).toBeUndefined();
  });

  it('refuses a key it read as taken, in the order read or not', async () => {
    const store = createMemoryStore();
    await commit(store, write({ docs: [{ key: 'user:a', value: 1 }], record: record('k1') }));
    for (const order of [
      ['k1', 'k2'],
      ['k2', 'k1'],
      ['k3', 'k2', 'k1'],
    ]) {
      const work = store.transact(['user:a'], async (tx) => {
        expect([...(await tx.recordedMany(['k1', 'k2', 'k3'])).keys()]).toEqual(['k1']);
        await tx.commit(write({ docs: [{ key: 'user:a', value: 2 }], records: order.map((k) => record(k)) }));
      });
      await expectCode(work, 'STORE_CONFLICT');
    }
    const single = store.transact(['user:a'], async (tx) => {
      expect(await tx.recorded('k2')).toBeUndefined();
      await tx.commit(write({ docs: [{ key: 'user:a', value: 2 }], records: [record('k2'), record('k1')] }));
    });
    await expectCode(single, 'STORE_CONFLICT');
    expect(await store.getDocument('user:a')).toBe(1);
  });

  it('commits the keys it read free, and then finds them taken', async () => {
    const store = createMemoryStore();
    await store.transact(['user:a'], async (tx) => {
      await tx.recordedMany(['k1', 'k2', 'k3']);
      await tx.commit(write({ docs: [{ key: 'user:a', value: 1 }], records: [record('k1'), record('k3')] }));
    });
    const again = store.transact(['user:a'], async (tx) => {
      expect([...(await tx.recordedMany(['k1', 'k2', 'k3'])).keys()]).toEqual(['k1', 'k3']);
      await tx.commit(write({ records: [record('k2'), record('k3')] }));
    });
    await expectCode(again, 'STORE_CONFLICT');
  });

  // The commit reserves each record key as it checks it (no set of its own keys): a refused commit takes back
  // what it reserved, whatever refused it.
  it('leaves no key reserved by a commit refused after its records were checked', async () => {
    const store = createMemoryStore();
    const twice = store.transact([], async (tx) => {
      await tx.commit(write({ records: [record('k1'), record('k2'), record('k1')] }));
    });
    await expectCode(twice, 'STORE_CONFLICT');
    const notJson = store.transact(['user:a'], async (tx) => {
      await tx.commit(
        write({ docs: [{ key: 'user:a', value: { when: new Date(0) } }], records: [record('k3')] }),
      );
    });
    await expect(notJson).rejects.toThrow();
    await commit(
      store,
      write({ docs: [{ key: 'user:a', value: 1 }], records: [record('k1'), record('k2'), record('k3')] }),
    );
    expect(await store.getDocument('user:a')).toBe(1);
  });
});

// A commit's event ids are reserved only when another commit is staged before its unit of work ends
// (`reserveStaged`): that other commit still finds them taken.
describe('memory store: a commit staged while another unit of work has not ended', () => {
  for (const ends of ['fails', 'returns'] as const) {
    it(`finds its keys taken (STORE_CONFLICT), then ${ends === 'fails' ? 'free' : 'recorded'} once it ${ends}`, async () => {
      const store = createMemoryStore();
      const gate = deferred();
      const staged = deferred();
      const first = store.transact(['user:a'], async (tx) => {
        await tx.commit(
          write({ docs: [{ key: 'user:a', value: 1 }], records: [record('k1'), record('k2')] }),
        );
        staged.resolve();
        await gate.promise;
        if (ends === 'fails') throw new Error('after the commit');
      });
      await staged.promise;
      await expectCode(
        commit(store, write({ docs: [{ key: 'user:b', value: 1 }], record: record('k2') })),
        'STORE_CONFLICT',
      );
      expect(memoryStoreContents(store)).toContain('"k1"');
      gate.resolve();
      if (ends === 'fails') await expect(first).rejects.toThrow('after the commit');
      else await first;
      const again = commit(
        store,
        write({ docs: [{ key: 'user:b', value: 2 }], records: [record('k1'), record('k2')] }),
      );
      if (ends === 'fails') {
        await again;
        expect(await store.getDocument('user:b')).toBe(2);
      } else await expectCode(again, 'STORE_CONFLICT');
    });
  }
});

// A document loaded with `loadOwned` may be written in place until its unit of work ends (`MemoryState.lent`, one
// entry per unit of work): a read outside waits for it, a read of any other document does not.
describe('memory store: reads outside a unit of work that loaded documents owned', () => {
  for (const [name, locked, owned] of [
    ['the locked list itself', ['user:a', 'user:b'], undefined],
    ['a list of its own', ['user:a', 'user:b'], ['user:a']],
  ] as const) {
    it(`wait for it to end on a lent document only (loadOwned of ${name})`, async () => {
      const store = createMemoryStore({
        documents: [
          ['user:a', { n: 1 }],
          ['user:b', { n: 2 }],
          ['user:c', { n: 3 }],
        ],
      });
      const gate = deferred();
      const loaded = deferred();
      const work = store.transact(locked, async (tx) => {
        const sync = tx.sync as NonNullable<typeof tx.sync>;
        sync.loadOwned?.(owned ?? locked);
        loaded.resolve();
        await gate.promise;
        await tx.commit(write({ docs: [{ key: 'user:a', value: { n: 10 } }] }));
      });
      await loaded.promise;
      const order: string[] = [];
      const lentRead = store.getDocument('user:a').then((value) => order.push(`a ${JSON.stringify(value)}`));
      order.push(`c ${JSON.stringify(await store.getDocument('user:c'))}`);
      if (owned !== undefined) order.push(`b ${JSON.stringify(await store.getDocument('user:b'))}`);
      order.push('work ends');
      gate.resolve();
      await work;
      await lentRead;
      const others = owned === undefined ? ['c {"n":3}'] : ['c {"n":3}', 'b {"n":2}'];
      expect(order).toEqual([...others, 'work ends', 'a {"n":10}']);
      // Once it ended, nothing waits.
      expect(await store.getDocument('user:b')).toEqual({ n: 2 });
    });
  }
});
