import { expect, it } from 'vitest';
import { recordKey } from '../store/keys';
import type { RecordedOutcome } from '../store/types';
import type { ContractContext } from './context';
import { commit, expectCode, record, write } from './fixtures';

const recordedUnder =
  (key: string) => (tx: { recorded(key: string): Promise<RecordedOutcome | undefined> }) =>
    tx.recorded(key);

/** Recorded outcomes: keyed per user and source (the engine's `recordKey`), with the envelope's fingerprint. */
export function recordCases({ store }: ContractContext): void {
  it('keeps one record per user for the same event id, each with its own outcome', async () => {
    const s = store();
    const a = { ...record(recordKey('event', 'u1', 'e1'), 'u1'), outcome: { said: 'to u1' } };
    const b = { ...record(recordKey('event', 'u2', 'e1'), 'u2'), outcome: { said: 'to u2' } };
    await commit(s, write({ docs: [{ key: 'user:u1', value: 1 }], record: a }));
    await commit(s, write({ docs: [{ key: 'user:u2', value: 1 }], record: b }));
    expect(await s.transact(['user:u1'], recordedUnder(a.key))).toEqual(a);
    expect(await s.transact(['user:u2'], recordedUnder(b.key))).toEqual(b);
    // A fired timer's namespace is its own, even for an event id that looks like a timer's.
    const timerKey = recordKey('timer', 'u1', 'e1');
    expect(await s.transact(['user:u1'], recordedUnder(timerKey))).toBeUndefined();
    await expectCode(commit(s, write({ record: a }), ['user:u1']), 'STORE_CONFLICT');
  });

  it('round-trips the fingerprint of the recorded envelope (and its absence)', async () => {
    const s = store();
    const withPrint = { ...record('k1'), fingerprint: '0123456789abcdef0123456789abcdef' };
    const { fingerprint: _, ...without } = record('k2');
    await commit(s, write({ record: withPrint }), ['user:u1']);
    await commit(s, write({ record: without }), ['user:u1']);
    expect(await s.transact(['user:u1'], recordedUnder('k1'))).toEqual(withPrint);
    const read = await s.transact(['user:u1'], recordedUnder('k2'));
    expect(read).toEqual(without);
    expect(read).not.toHaveProperty('fingerprint');
  });

  it('records a batch of events in one commit and reads them back in one call', async () => {
    const s = store();
    const batch = ['b1', 'b2', 'b3'].map((id, i) => ({
      ...record(recordKey('event', 'u1', id)),
      committedAt: i,
    }));
    const head = record(recordKey('event', 'u1', 'b0'));
    await commit(s, write({ docs: [{ key: 'user:u1', value: 1 }], record: head, records: batch }));
    const keys = [head.key, ...batch.map((r) => r.key), recordKey('event', 'u1', 'never')];
    const read = await s.transact(['user:u1'], (tx) => tx.recordedMany(keys));
    expect([...read.keys()].sort()).toEqual([head.key, ...batch.map((r) => r.key)].sort());
    expect(read.get(batch[1]?.key ?? '')).toEqual(batch[1]);
    expect((await s.transact(['user:u1'], (tx) => tx.recordedMany([]))).size).toBe(0);
  });

  it('refuses a batch that repeats a key or holds one recorded before, and writes nothing of it', async () => {
    const s = store();
    const old = record(recordKey('event', 'u1', 'old'));
    await commit(s, write({ record: old }), ['user:u1']);
    const fresh = record(recordKey('event', 'u1', 'fresh'));
    await expectCode(
      commit(s, write({ docs: [{ key: 'user:u1', value: 2 }], records: [fresh, old] }), ['user:u1']),
      'STORE_CONFLICT',
    );
    await expectCode(commit(s, write({ records: [fresh, fresh] }), ['user:u1']), 'STORE_CONFLICT');
    expect(await s.transact(['user:u1'], recordedUnder(fresh.key))).toBeUndefined();
    expect(await s.getDocument('user:u1')).toBeUndefined();
    await commit(s, write({ records: [fresh] }), ['user:u1']);
    expect(await s.transact(['user:u1'], recordedUnder(fresh.key))).toEqual(fresh);
  });
}
