import { expect, it } from 'vitest';
import type { Store } from '../store/types';
import type { ContractContext } from './context';
import { collect, commit, expectCode, message, record, timer, write } from './fixtures';

/** Privacy erasure and closing. */
export function lifecycleCases({ store }: ContractContext): void {
  it('forgets a user: state, timers and unsent messages go; sent and dead ones are anonymised', async () => {
    const s = store();
    if (s.forgetUser === undefined) return;
    await commit(
      s,
      write({
        docs: [
          { key: 'user:u1', value: { name: 'Ann' } },
          { key: 'user:u2', value: { name: 'Bob' } },
        ],
        messages: [
          message('sent', { createdAt: 1 }),
          message('dead', { createdAt: 2 }),
          message('pending', { createdAt: 3 }),
          message('other', { userId: 'u2', createdAt: 4 }),
        ],
        timers: { schedule: [timer('t1'), timer('t2', { userId: 'u2' })] },
        record: record('e1'),
      }),
    );
    const claimed = await s.claimMessages({ now: 1_000, limit: 2, leaseMs: 60_000, worker: 'w' });
    await s.ackMessage(claimed[0]!.id, claimed[0]!.lease, 1_000);
    await s.deadLetterMessage(claimed[1]!.id, claimed[1]!.lease, { error: 'bounced', now: 1_000 });

    await s.forgetUser('u1');

    expect(await s.getDocument('user:u1')).toBeUndefined();
    expect(await s.getDocument('user:u2')).toEqual({ name: 'Bob' });
    expect((await s.listTimers()).map((t) => t.id)).toEqual(['t2']);
    expect(await s.listMessages({ userId: 'u1' })).toEqual([]);
    const kept = await s.listMessages();
    expect(kept.map((m) => [m.id, m.status])).toEqual([
      ['sent', 'sent'],
      ['dead', 'dead'],
      ['other', 'pending'],
    ]);
    for (const m of kept.slice(0, 2)) {
      expect(m.body).toBe('');
      expect(m.userId).not.toBe('u1');
      expect(m.userId).not.toContain('u1');
    }
    expect(kept[0]!.userId).toBe(kept[1]!.userId);
    expect(kept[2]!.body).toBe('body of other');
    await expectCode(commit(s, write({ record: record('e1') }), ['user:u1']), 'STORE_CONFLICT');
  });

  it('rejects every call after close (STORE_CLOSED)', async () => {
    const s = store();
    await s.close();
    const claim = { now: 0, limit: 1, leaseMs: 1, worker: 'w' };
    const calls: Array<(s: Store) => Promise<unknown>> = [
      (x) => x.transact(['user:u1'], async () => undefined),
      (x) => x.getDocument('user:u1'),
      (x) => collect(x.listDocuments('')),
      (x) => x.getCounter('c'),
      (x) => x.claimTimers(claim),
      (x) => x.listTimers(),
      (x) => x.claimMessages(claim),
      (x) => x.ackMessage('a', 'l', 0),
      (x) => x.retryMessage('a', 'l', { error: 'e', nextAttemptAt: 0 }),
      (x) => x.deadLetterMessage('a', 'l', { error: 'e', now: 0 }),
      (x) => x.listMessages(),
    ];
    if (s.forgetUser) calls.push((x) => x.forgetUser!('u1'));
    for (const call of calls) await expectCode(call(s), 'STORE_CLOSED');
  });
}
