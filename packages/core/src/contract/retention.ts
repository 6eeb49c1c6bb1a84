import { expect, it } from 'vitest';
import { recordKey } from '../store/keys';
import type { RecordedOutcome, Store } from '../store/types';
import type { ContractContext } from './context';
import { commit, expectCode, expectCompactionRejects, record, write } from './fixtures';

/** A record of u1 committed at `at`, with an outcome of some size. */
const at = (id: string, committedAt: number): RecordedOutcome => ({
  ...record(recordKey('event', 'u1', id)),
  outcome: { eventId: id, status: 'applied', note: `outcome of ${id} `.repeat(20) },
  committedAt,
});

const compacted = (r: RecordedOutcome): RecordedOutcome => ({ ...r, outcome: null });

const readAll = (s: Store, keys: readonly string[]) => s.transact(['user:u1'], (tx) => tx.recordedMany(keys));

/** Record retention (`Store.compactRecords`): outcomes freed past a time, keys and fingerprints kept. */
export function retentionCases({ store }: ContractContext): void {
  it('compacts records committed before `before` to key, user, fingerprint and time, and only those', async () => {
    const s = store();
    // Committed out of time order, across several commits and one batch.
    const records = [at('e3', 3_000), at('e1', 1_000), at('e5', 5_000), at('e2', 2_000), at('e4', 4_000)];
    await commit(s, write({ records: records.slice(0, 2) }), ['user:u1']);
    await commit(s, write({ record: records[2] }), ['user:u1']);
    await commit(s, write({ records: records.slice(3) }), ['user:u1']);
    expect(await s.compactRecords({ before: 3_000 })).toBe(2);
    const read = await readAll(
      s,
      records.map((r) => r.key),
    );
    for (const r of records) expect(read.get(r.key)).toEqual(r.committedAt < 3_000 ? compacted(r) : r);
    // Idempotent: nothing left before 3,000; the boundary itself is kept.
    expect(await s.compactRecords({ before: 3_000 })).toBe(0);
    expect(await s.compactRecords({ before: 3_001 })).toBe(1);
    expect((await readAll(s, [at('e3', 0).key])).get(at('e3', 0).key)?.outcome).toBeNull();
  });

  it('compacts at most limit records per call, oldest first', async () => {
    const s = store();
    const records = Array.from({ length: 7 }, (_, i) => at(`e${i}`, 10_000 - i * 1_000));
    await commit(s, write({ records }), ['user:u1']);
    expect(await s.compactRecords({ before: 20_000, limit: 3 })).toBe(3);
    const read = await readAll(
      s,
      records.map((r) => r.key),
    );
    const gone = records.filter((r) => read.get(r.key)?.outcome === null).map((r) => r.committedAt);
    expect(gone.sort((a, b) => a - b)).toEqual([4_000, 5_000, 6_000]);
    expect(await s.compactRecords({ before: 20_000, limit: 10 })).toBe(4);
    expect(await s.compactRecords({ before: 20_000, limit: 10 })).toBe(0);
  });

  it('keeps a compacted key: it still conflicts and still answers with its fingerprint', async () => {
    const s = store();
    const old = { ...at('old', 1_000), fingerprint: 'f'.repeat(32) };
    await commit(s, write({ docs: [{ key: 'user:u1', value: 1 }], record: old }));
    expect(await s.compactRecords({ before: Number.POSITIVE_INFINITY })).toBe(1);
    await s.transact(['user:u1'], async (tx) => {
      expect(await tx.recorded(old.key)).toEqual({ ...old, outcome: null });
      const sync = tx.sync;
      if (sync) expect(sync.recorded(old.key)?.fingerprint).toBe(old.fingerprint);
    });
    await expectCode(
      commit(s, write({ docs: [{ key: 'user:u1', value: 2 }], record: at('old', 9_000) })),
      'STORE_CONFLICT',
    );
    await expectCode(
      commit(s, write({ docs: [{ key: 'user:u1', value: 2 }], records: [at('new', 9_000), old] })),
      'STORE_CONFLICT',
    );
    expect(await s.getDocument('user:u1')).toBe(1);
    expect(await readAll(s, [at('new', 0).key])).toEqual(new Map());
  });

  it('keeps a compacted record compacted when its user is forgotten', async () => {
    const s = store();
    const mine = { ...record(recordKey('event', 'ann', 'e1'), 'ann'), committedAt: 1_000 };
    await commit(s, write({ record: mine }), ['user:ann']);
    expect(await s.compactRecords({ before: 2_000 })).toBe(1);
    await s.forgetUser('ann', 'forgotten:0123456789abcdef');
    const kept = await s.transact(['user:ann'], (tx) => tx.recorded(mine.key));
    expect(kept).toEqual({ ...mine, userId: 'forgotten:0123456789abcdef', outcome: null });
    expect(await s.compactRecords({ before: 2_000 })).toBe(0);
  });

  it('rejects bad arguments with STORE_QUERY_INVALID and compacts nothing', async () => {
    const s = store();
    const r = at('e1', 1_000);
    await commit(s, write({ record: r }), ['user:u1']);
    await expectCompactionRejects((options) => s.compactRecords(options));
    expect((await readAll(s, [r.key])).get(r.key)).toEqual(r);
    expect(await s.compactRecords({ before: Number.NEGATIVE_INFINITY })).toBe(0);
  });
}
