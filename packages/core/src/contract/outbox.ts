import { expect, it } from 'vitest';
import { type ContractContext, elapseLeases } from './context';
import { commit, expectCode, message, write } from './fixtures';

/** Leases long enough that no case depends on how fast the machine runs (some stores lease by wall clock). */
const claim = { limit: 10, leaseMs: 60_000, worker: 'w1' };

/** Outbox: enqueue with dedupe, cancel, claim/ack/retry/dead-letter with leases, listing. */
export function outboxCases(context: ContractContext): void {
  const { store } = context;
  it('enqueues a message as pending with attempts 0 and nextAttemptAt = notBefore', async () => {
    const s = store();
    const m = message('e1#0', { notBefore: 2_000, subject: 'Hi', data: { nested: { ok: true } } });
    await commit(s, write({ messages: [m] }), ['user:u1']);
    expect(await s.listMessages()).toEqual([
      { ...m, status: 'pending', attempts: 0, nextAttemptAt: 2_000, lastError: null, sentAt: null },
    ]);
  });

  it('never enqueues a dedupe key twice, in any status or within one commit', async () => {
    const s = store();
    const first = await commit(
      s,
      write({ messages: [message('e1#0', { dedupeKey: 'k1' }), message('e1#1', { dedupeKey: 'k1' })] }),
      ['user:u1'],
    );
    expect(first.duplicateMessages).toEqual(['k1']);
    await commit(s, write({ messages: [message('e2#0', { dedupeKey: 'k2' })] }), ['user:u1']);
    await commit(s, write({ cancelMessages: ['k2'] }), ['user:u1']);
    const again = await commit(
      s,
      write({
        messages: [
          message('e3#0', { dedupeKey: 'k1' }),
          message('e3#1', { dedupeKey: 'k2' }),
          message('e3#2', { dedupeKey: 'k3' }),
        ],
      }),
      ['user:u1'],
    );
    expect(again.duplicateMessages.slice().sort()).toEqual(['k1', 'k2']);
    expect((await s.listMessages()).map((m) => m.id)).toEqual(['e1#0', 'e2#0', 'e3#2']);
    await s.transact(['user:u1'], async (tx) => {
      expect(await tx.existingMessages(['k1', 'k2', 'k4'])).toEqual(new Set(['k1', 'k2']));
    });
  });

  it('cancels pending messages by dedupe key and leaves sent ones alone', async () => {
    const s = store();
    await commit(s, write({ messages: [message('a'), message('b')] }), ['user:u1']);
    const [claimed] = await s.claimMessages({ ...claim, now: 1_000, limit: 1 });
    await s.ackMessage(claimed!.id, claimed!.lease, 1_001);
    await commit(s, write({ cancelMessages: ['a', 'b', 'missing'] }), ['user:u1']);
    const status = (await s.listMessages()).map((m) => [m.id, m.status]);
    expect(status).toEqual([
      ['a', 'sent'],
      ['b', 'cancelled'],
    ]);
    expect(await s.claimMessages({ ...claim, now: 10_000 })).toEqual([]);
  });

  it('claims ready messages in (createdAt, id) order, up to the limit, with a lease', async () => {
    const s = store();
    await commit(
      s,
      write({
        messages: [
          message('c', { createdAt: 2_000, notBefore: 2_000 }),
          message('b', { createdAt: 1_000 }),
          message('a', { createdAt: 1_000 }),
          message('later', { createdAt: 500, notBefore: 9_000 }),
        ],
      }),
      ['user:u1'],
    );
    const first = await s.claimMessages({ ...claim, now: 3_000, limit: 2 });
    expect(first.map((m) => m.id)).toEqual(['a', 'b']);
    for (const m of first) expect(typeof m.lease === 'string' && m.lease.length > 0).toBe(true);
    expect(first[0]!.lease).not.toBe(first[1]!.lease);
    expect((await s.claimMessages({ ...claim, now: 3_000 })).map((m) => m.id)).toEqual(['c']);
    expect(await s.claimMessages({ ...claim, now: 3_000 })).toEqual([]);
    expect((await s.claimMessages({ ...claim, now: 9_000 })).map((m) => m.id)).toEqual(['later']);
  });

  it('gives a message whose lease expired to the next claimer, and the old lease is lost', async () => {
    const s = store();
    await commit(s, write({ messages: [message('a')] }), ['user:u1']);
    const [old] = await s.claimMessages({ ...claim, now: 1_000 });
    expect(await s.claimMessages({ ...claim, now: 30_000, worker: 'w2' })).toEqual([]);
    elapseLeases(context, s, 60_000);
    const [fresh] = await s.claimMessages({ ...claim, now: 61_000, worker: 'w2' });
    expect(fresh?.id).toBe('a');
    expect(fresh!.lease).not.toBe(old!.lease);
    await expectCode(s.ackMessage('a', old!.lease, 61_100), 'OUTBOX_LEASE_LOST');
    await s.ackMessage('a', fresh!.lease, 61_100);
    expect((await s.listMessages())[0]).toMatchObject({ status: 'sent', sentAt: 61_100 });
  });

  it('acks a claimed message: sent, sentAt set, never claimed again, a second ack loses', async () => {
    const s = store();
    await commit(s, write({ messages: [message('a')] }), ['user:u1']);
    const [m] = await s.claimMessages({ ...claim, now: 1_000 });
    await s.ackMessage('a', m!.lease, 1_200);
    expect((await s.listMessages())[0]).toMatchObject({ status: 'sent', sentAt: 1_200, attempts: 0 });
    expect(await s.claimMessages({ ...claim, now: 100_000 })).toEqual([]);
    await expectCode(s.ackMessage('a', m!.lease, 1_300), 'OUTBOX_LEASE_LOST');
  });

  it('retries a claimed message: attempts + 1, lastError, not claimable before nextAttemptAt', async () => {
    const s = store();
    await commit(s, write({ messages: [message('a')] }), ['user:u1']);
    const [m] = await s.claimMessages({ ...claim, now: 1_000 });
    await s.retryMessage('a', m!.lease, { error: 'smtp down', nextAttemptAt: 5_000 });
    expect((await s.listMessages())[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'smtp down',
      nextAttemptAt: 5_000,
    });
    expect(await s.claimMessages({ ...claim, now: 4_999 })).toEqual([]);
    const [again] = await s.claimMessages({ ...claim, now: 5_000 });
    expect(again).toMatchObject({ id: 'a', attempts: 1 });
    await expectCode(
      s.retryMessage('a', m!.lease, { error: 'x', nextAttemptAt: 6_000 }),
      'OUTBOX_LEASE_LOST',
    );
  });

  it('dead-letters a claimed message with its reason', async () => {
    const s = store();
    await commit(s, write({ messages: [message('a')] }), ['user:u1']);
    const [m] = await s.claimMessages({ ...claim, now: 1_000 });
    await s.deadLetterMessage('a', m!.lease, { error: 'bad address', now: 1_100 });
    expect((await s.listMessages({ status: 'dead' }))[0]).toMatchObject({
      id: 'a',
      attempts: 1,
      lastError: 'bad address',
    });
    expect(await s.claimMessages({ ...claim, now: 100_000 })).toEqual([]);
  });

  it('rejects a wrong lease or an unknown message (OUTBOX_LEASE_LOST) and changes nothing', async () => {
    const s = store();
    await commit(s, write({ messages: [message('a')] }), ['user:u1']);
    await s.claimMessages({ ...claim, now: 1_000 });
    await expectCode(s.ackMessage('a', 'not-the-lease', 1_100), 'OUTBOX_LEASE_LOST');
    await expectCode(s.retryMessage('a', 'nope', { error: 'e', nextAttemptAt: 2 }), 'OUTBOX_LEASE_LOST');
    await expectCode(s.deadLetterMessage('a', 'nope', { error: 'e', now: 1_100 }), 'OUTBOX_LEASE_LOST');
    await expectCode(s.ackMessage('missing', 'nope', 1_100), 'OUTBOX_LEASE_LOST');
    expect((await s.listMessages())[0]).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
  });

  it('rejects acking or dead-lettering after the lease expired (OUTBOX_LEASE_LOST)', async () => {
    const s = store();
    await commit(s, write({ messages: [message('a')] }), ['user:u1']);
    const [m] = await s.claimMessages({ ...claim, now: 1_000 });
    elapseLeases(context, s, 120_000);
    await expectCode(s.ackMessage('a', m!.lease, 121_000), 'OUTBOX_LEASE_LOST');
    await expectCode(s.deadLetterMessage('a', m!.lease, { error: 'e', now: 121_000 }), 'OUTBOX_LEASE_LOST');
    expect((await s.listMessages())[0]).toMatchObject({ status: 'pending', sentAt: null });
  });

  it('lists messages by user, status and kind in (createdAt, id) order', async () => {
    const s = store();
    await commit(
      s,
      write({
        messages: [
          message('m3', { userId: 'u2', kind: 'care', createdAt: 3_000, notBefore: 3_000 }),
          message('m2', { userId: 'u1', kind: 'care', createdAt: 2_000, notBefore: 2_000 }),
          message('m1', { userId: 'u1', kind: 'reply', createdAt: 2_000, notBefore: 2_000 }),
        ],
      }),
      ['user:u1'],
    );
    const ids = async (filter?: Parameters<ReturnType<typeof store>['listMessages']>[0]) =>
      (await s.listMessages(filter)).map((m) => m.id);
    expect(await ids()).toEqual(['m1', 'm2', 'm3']);
    expect(await ids({ userId: 'u1' })).toEqual(['m1', 'm2']);
    expect(await ids({ kind: 'care' })).toEqual(['m2', 'm3']);
    expect(await ids({ userId: 'u1', kind: 'care', status: 'pending' })).toEqual(['m2']);
    expect(await ids({ status: 'sent' })).toEqual([]);
  });
}
