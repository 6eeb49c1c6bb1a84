import { expect, it } from 'vitest';
import type { ContractContext } from './context';
import { commit, deferred, expectCode, message, record, settle, timer, write } from './fixtures';

/** Per-key serialisation, sorted lock order, and claims shared by concurrent workers. */
export function concurrencyCases({ store }: ContractContext): void {
  it('serialises read-modify-write units of work on one key', async () => {
    const s = store();
    const bump = () =>
      s.transact(['user:u1'], async (tx) => {
        const n = ((await tx.load(['user:u1'])).get('user:u1') as number | undefined) ?? 0;
        await settle(1);
        await tx.commit(write({ docs: [{ key: 'user:u1', value: n + 1 }] }));
      });
    await Promise.all(Array.from({ length: 20 }, bump));
    expect(await s.getDocument('user:u1')).toBe(20);
  });

  it('never interleaves two units of work on the same key', async () => {
    const s = store();
    const log: string[] = [];
    const started = deferred();
    const gate = deferred();
    const first = s.transact(['user:u1'], async () => {
      log.push('a:start');
      started.resolve();
      await gate.promise;
      log.push('a:end');
    });
    await started.promise;
    const second = s.transact(['user:u1'], async () => {
      log.push('b:start');
    });
    await settle();
    expect(log).toEqual(['a:start']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['a:start', 'a:end', 'b:start']);
  });

  it('runs units of work on different keys concurrently', async () => {
    const s = store();
    const started = deferred();
    const gate = deferred();
    const first = s.transact(['user:a'], async () => {
      started.resolve();
      await gate.promise;
    });
    await started.promise;
    await s.transact(['user:b'], (tx) => tx.commit(write({ docs: [{ key: 'user:b', value: 1 }] })));
    expect(await s.getDocument('user:b')).toBe(1);
    gate.resolve();
    await first;
  });

  it('does not deadlock when two units of work take the same keys in opposite order', async () => {
    const s = store();
    const work = (keys: string[], value: number) =>
      s.transact(keys, async (tx) => {
        await tx.load(keys);
        await settle(5);
        await tx.commit(write({ docs: keys.map((key) => ({ key, value })) }));
      });
    await Promise.all([
      work(['user:a', 'user:b'], 1),
      work(['user:b', 'user:a'], 2),
      work(['user:a', 'user:b'], 3),
    ]);
    expect(await s.getDocument('user:a')).toBe(await s.getDocument('user:b'));
  });

  it('lets exactly one of two concurrent commits record an event id', async () => {
    const s = store();
    const results = await Promise.allSettled([
      commit(s, write({ docs: [{ key: 'user:a', value: 1 }], record: record('e1') })),
      commit(s, write({ docs: [{ key: 'user:b', value: 1 }], record: record('e1') })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.status === 'rejected' && (failed.reason as { code?: string }).code).toBe('STORE_CONFLICT');
    const written = [await s.getDocument('user:a'), await s.getDocument('user:b')].filter(
      (v) => v !== undefined,
    );
    expect(written).toHaveLength(1);
    await expectCode(commit(s, write({ record: record('e1') }), ['user:c']), 'STORE_CONFLICT');
  });

  it('hands each ready message and due timer to exactly one of several concurrent claimers', async () => {
    const s = store();
    const messages = Array.from({ length: 30 }, (_, i) => message(`m${String(i).padStart(2, '0')}`));
    const timers = Array.from({ length: 30 }, (_, i) =>
      timer(`t${String(i).padStart(2, '0')}`, { dueAt: 1_000 }),
    );
    await commit(s, write({ messages, timers: { schedule: timers } }), ['user:u1']);
    const opts = (worker: string) => ({ now: 2_000, limit: 7, leaseMs: 10_000, worker });
    const workers = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'];
    const claimedMessages = await Promise.all(workers.map((w) => s.claimMessages(opts(w))));
    const claimedTimers = await Promise.all(workers.map((w) => s.claimTimers(opts(w))));
    const messageIds = claimedMessages.flat().map((m) => m.id);
    const timerIds = claimedTimers.flat().map((t) => t.id);
    expect(messageIds).toHaveLength(30);
    expect(new Set(messageIds).size).toBe(30);
    expect(timerIds).toHaveLength(30);
    expect(new Set(timerIds).size).toBe(30);
  });

  it('adds up counters bumped by many units of work at once, on other keys and in any order', async () => {
    const s = store();
    const family = ['votes:a', 'votes:b', 'votes:c', 'votes:d'];
    const units = Array.from({ length: 24 }, (_, i) => i);
    await Promise.all(
      units.map((i) =>
        s.transact([`user:v${i}`], async (tx) => {
          // Read, wait, then write: the units overlap, each holding its own key only.
          await tx.counters(family);
          await settle(i % 3);
          const order = i % 2 === 0 ? family : [...family].reverse();
          await tx.commit(write({ counters: order.map((key, k) => ({ key, delta: k + 1 + (i % 4) })) }));
        }),
      ),
    );
    const expected = (k: number, reversed: boolean) =>
      units.reduce((sum, i) => sum + ((i % 2 === 1) === reversed ? k + 1 + (i % 4) : 0), 0);
    for (const [k, key] of family.entries())
      expect(await s.getCounter(key)).toBe(expected(k, false) + expected(family.length - 1 - k, true));
    const top = await s.topCounters('votes:', { limit: 4 });
    expect(top.map((entry) => entry.value)).toEqual(
      await Promise.all(top.map((entry) => s.getCounter(entry.key))),
    );
    expect(top.reduce((sum, e) => sum + e.value, 0)).toBe(
      units.reduce((sum, i) => sum + 10 + 4 * (i % 4), 0),
    );
  });
}
