import { expect, it } from 'vitest';
import { erasedOutcome } from '../store/pseudonymise';
import type { Store } from '../store/types';
import type { ContractContext } from './context';
import { collect, commit, expectCode, message, record, timer, write } from './fixtures';

/** Privacy erasure and closing. */
export function lifecycleCases({ store }: ContractContext): void {
  it('forgets a user: state, timers and unsent messages go; what is kept is pseudonymised', async () => {
    const s = store();
    const U = 'ann@example.com';
    const P = 'forgotten:0123456789abcdef';
    const timerEvent = `timer:care:${U}@5000`;
    const mine = (id: string, createdAt: number, eventId = 'e1') =>
      message(id, { userId: U, createdAt, eventId, dedupeKey: `care:${id}:${U}`, subject: 'Hi Ann' });
    await commit(
      s,
      write({
        docs: [
          { key: `user:${U}`, value: { name: 'Ann' } },
          { key: 'user:u2', value: { name: 'Bob' } },
        ],
        messages: [
          mine(`${timerEvent}#0`, 1, timerEvent),
          mine('dead', 2),
          mine('pending', 3),
          mine('cancelled', 4),
          message('other', { userId: 'u2', createdAt: 5 }),
          message('quote', {
            userId: 'u2',
            createdAt: 6,
            dedupeKey: 'need:n9:escalated:u2',
            body: 'Ann: call me',
          }),
        ],
        cancelMessages: [`care:cancelled:${U}`],
        timers: { schedule: [timer('t1', { userId: U }), timer('t2', { userId: 'u2' })] },
        record: record('e1', U),
      }),
      [`user:${U}`, 'user:u2'],
    );
    await commit(s, write({ record: record(timerEvent, U) }), [`user:${U}`]);
    const mentions = { messages: [{ userId: U }], timers: { scheduled: [`need:n1:credit:${U}`] } };
    await commit(s, write({ record: { ...record('e9', 'u2'), outcome: mentions } }), ['user:u2']);
    const claimed = await s.claimMessages({ now: 1_000, limit: 2, leaseMs: 60_000, worker: 'w' });
    await s.ackMessage(claimed[0]!.id, claimed[0]!.lease, 1_000);
    await s.deadLetterMessage(claimed[1]!.id, claimed[1]!.lease, { error: `bounced: ${U}`, now: 1_000 });

    await s.forgetUser(U, P, { quotes: ['need:n9:'] });

    expect(await s.getDocument(`user:${U}`)).toBeUndefined();
    expect(await s.getDocument('user:u2')).toEqual({ name: 'Bob' });
    expect((await s.listTimers()).map((t) => t.id)).toEqual(['t2']);
    expect(await s.listMessages({ userId: U })).toEqual([]);
    const kept = await s.listMessages();
    expect(kept.map((m) => [m.id, m.status, m.userId, m.eventId, m.dedupeKey])).toEqual([
      [`timer:care:${P}@5000#0`, 'sent', P, `timer:care:${P}@5000`, `care:timer:care:${P}@5000#0:${P}`],
      ['dead', 'dead', P, 'e1', `care:dead:${P}`],
      ['other', 'pending', 'u2', 'e1', 'other'],
      ['quote', 'cancelled', 'u2', 'e1', 'need:n9:escalated:u2'],
    ]);
    expect(kept[3]).toMatchObject({ body: '', subject: null, data: {} });
    for (const m of kept.slice(0, 2)) {
      expect({ body: m.body, subject: m.subject, data: m.data, lastError: m.lastError }).toEqual({
        body: '',
        subject: null,
        data: {},
        lastError: null,
      });
    }
    expect(kept[2]!.body).toBe('body of other');
    await s.transact([`user:${U}`, 'user:u2'], async (tx) => {
      expect(await tx.recorded('e1')).toEqual({
        key: 'e1',
        userId: P,
        fingerprint: record('e1', U).fingerprint,
        outcome: erasedOutcome(record('e1', U).outcome, U, P),
        committedAt: 1_000,
      });
      expect(await tx.recorded(timerEvent)).toBeUndefined();
      expect((await tx.recorded(`timer:care:${P}@5000`))?.userId).toBe(P);
      expect(await tx.recorded('e9')).toMatchObject({
        userId: 'u2',
        outcome: { messages: [{ userId: P }], timers: { scheduled: [`need:n1:credit:${P}`] } },
      });
    });
    const visible = JSON.stringify([kept, await s.listTimers(), await collect(s.listDocuments(''))]);
    expect(visible).not.toContain(U);
    // The event stays recorded: a replay is still a duplicate.
    await expectCode(commit(s, write({ record: record('e1', U) }), [`user:${U}`]), 'STORE_CONFLICT');
    // Forgetting again changes nothing more.
    await s.forgetUser(U, P, { quotes: ['need:n9:'] });
    expect(await s.listMessages()).toEqual(kept);
  });

  it('forgets a user in the counters of the families named: renamed to the pseudonym, values merged', async () => {
    const s = store();
    const U = 'u:42';
    const P = 'forgotten:0123456789abcdef';
    const bumps = {
      [`wall:naming:${U}`]: 3,
      [`wall:naming:${P}`]: 2,
      [`wall:page:${U}`]: 0,
      [`wall:naming:x${U}`]: 5,
      [`wall:naming:${U}:later`]: 7,
      [`contest:c1:2026-05:${U}`]: 4,
      [`other:${U}`]: 9,
    };
    const counters = Object.entries(bumps).map(([key, delta]) => ({ key, delta }));
    await commit(s, write({ counters }), ['user:u1']);
    const options = { counters: ['wall:', 'contest:'] };
    await s.forgetUser(U, P, options);
    const all = async () => [
      ...(await s.topCounters('wall:', { limit: 100 })),
      ...(await s.topCounters('contest:', { limit: 100 })),
      ...(await s.topCounters('other:', { limit: 100 })),
    ];
    const after = await all();
    expect(after).toEqual([
      { key: `wall:naming:${U}:later`, value: 7 },
      { key: `wall:naming:${P}`, value: 5 },
      { key: `wall:naming:x${U}`, value: 5 },
      { key: `wall:page:${P}`, value: 0 },
      { key: `contest:c1:2026-05:${P}`, value: 4 },
      { key: `other:${U}`, value: 9 },
    ]);
    // Forgetting again changes nothing more.
    await s.forgetUser(U, P, options);
    expect(await all()).toEqual(after);
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
      (x) => x.forgetUser('u1', 'forgotten:0123456789abcdef'),
    ];
    for (const call of calls) await expectCode(call(s), 'STORE_CLOSED');
  });
}
