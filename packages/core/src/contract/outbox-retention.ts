import { expect, it } from 'vitest';
import type { OutboxEntry } from '../store/outbox-types';
import type { RecordedOutcome, Store } from '../store/types';
import type { ContractContext } from './context';
import { commit, expectCompactionRejects, message, record, write } from './fixtures';

/** Long leases: each case finishes its messages at times of its own choosing after one claim at 1,000. */
const claim = { now: 1_000, limit: 100, leaseMs: 1_000_000_000, worker: 'w1' };

/** Enqueues `ids` (one commit), claims them all at 1,000, then finishes each as `how` says at its time. */
async function finish(
  s: Store,
  ids: readonly string[],
  how: (id: string) => { sent: number } | { dead: number } | 'pending',
): Promise<void> {
  await commit(s, write({ messages: ids.map((id) => message(id, { subject: `about ${id}` })) }), ['user:u1']);
  for (const m of await s.claimMessages(claim)) {
    const done = how(m.id);
    if (done === 'pending') continue;
    if ('sent' in done) await s.ackMessage(m.id, m.lease, done.sent);
    else await s.deadLetterMessage(m.id, m.lease, { error: `bounced ${m.id}`, now: done.dead });
  }
}

/** `r` committed at `committedAt`. */
const at = (r: RecordedOutcome, committedAt: number): RecordedOutcome => ({ ...r, committedAt });

const texts = (m: OutboxEntry | undefined) => ({
  body: m?.body,
  subject: m?.subject,
  data: m?.data,
  lastError: m?.lastError,
});
const EMPTY = { body: '', subject: null, data: {}, lastError: null };
const byId = async (s: Store) => new Map((await s.listMessages()).map((m) => [m.id, m]));

/** Outbox retention (`Store.compactOutbox`): finished messages' texts emptied past a time, dedupe keys kept. */
export function outboxRetentionCases({ store }: ContractContext): void {
  it('records when a dead-lettered message finished in nextAttemptAt, as for a sent one', async () => {
    const s = store();
    await finish(s, ['a', 'b'], (id) => (id === 'a' ? { sent: 2_000 } : { dead: 3_000 }));
    const listed = await byId(s);
    expect(listed.get('a')).toMatchObject({ status: 'sent', sentAt: 2_000, nextAttemptAt: 2_000 });
    expect(listed.get('b')).toMatchObject({ status: 'dead', sentAt: null, nextAttemptAt: 3_000 });
  });

  it('empties the texts of messages sent, dead-lettered or cancelled before `before`, and only those', async () => {
    const s = store();
    const when: Record<string, { sent: number } | { dead: number } | 'pending'> = {
      s1: { sent: 2_000 },
      d1: { dead: 2_500 },
      s2: { sent: 3_000 },
      d2: { dead: 4_000 },
      p: 'pending',
    };
    await finish(s, Object.keys(when), (id) => when[id] as (typeof when)[string]);
    await commit(s, write({ messages: [message('c', { createdAt: 500 })] }), ['user:u1']);
    await commit(s, write({ record: at(record('r1'), 3_500), cancelMessages: ['c'] }), ['user:u1']);
    const before = await byId(s);
    expect(before.get('c')).toMatchObject({ status: 'cancelled', nextAttemptAt: 3_500 });
    expect(await s.compactOutbox({ before: 3_000 })).toBe(2);
    const after = await byId(s);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [id, m] of after) {
      const was = before.get(id) as OutboxEntry;
      if (id === 's1' || id === 'd1') expect(m).toEqual({ ...was, ...EMPTY });
      else expect(m).toEqual(was);
    }
    // Idempotent; the boundary is kept until `before` passes it.
    expect(await s.compactOutbox({ before: 3_000 })).toBe(0);
    expect(await s.compactOutbox({ before: 3_001 })).toBe(1);
    expect(texts((await byId(s)).get('s2'))).toEqual(EMPTY);
    expect(await s.compactOutbox({ before: Number.POSITIVE_INFINITY })).toBe(2);
    const last = await byId(s);
    expect(last.get('p')).toEqual(before.get('p'));
    expect(last.get('c')).toEqual({ ...before.get('c'), ...EMPTY });
    expect(await s.compactOutbox({ before: Number.NEGATIVE_INFINITY })).toBe(0);
  });

  it('records when a cancelled message finished: the time of its commit, the latest of its records', async () => {
    const s = store();
    const ids = ['c1', 'c2', 'c3'];
    await commit(s, write({ messages: ids.map((id) => message(id, { notBefore: 9_000 })) }), ['user:u1']);
    await commit(
      s,
      write({ records: [at(record('r1'), 4_000), at(record('r22'), 6_000)], cancelMessages: ['c1'] }),
      ['user:u1'],
    );
    await commit(s, write({ record: at(record('r333'), 2_000), cancelMessages: ['c2', 'c1'] }), ['user:u1']);
    // Without records a cancel has no time of its own: the message keeps the time it was next due.
    await commit(s, write({ cancelMessages: ['c3'] }), ['user:u1']);
    const listed = await byId(s);
    expect(listed.get('c1')).toMatchObject({ status: 'cancelled', nextAttemptAt: 6_000, sentAt: null });
    expect(listed.get('c2')).toMatchObject({ status: 'cancelled', nextAttemptAt: 2_000 });
    expect(listed.get('c3')).toMatchObject({ status: 'cancelled', nextAttemptAt: 9_000 });
    expect(await s.compactOutbox({ before: 6_000 })).toBe(1);
    expect(texts((await byId(s)).get('c2'))).toEqual(EMPTY);
    expect(await s.compactOutbox({ before: 9_001, limit: 1 })).toBe(1);
    expect(texts((await byId(s)).get('c1'))).toEqual(EMPTY);
    expect(await s.compactOutbox({ before: 9_001 })).toBe(1);
    expect(texts((await byId(s)).get('c3'))).toEqual(EMPTY);
    // A cancelled message keeps its dedupe key: the same key is never queued again.
    const again = await commit(s, write({ messages: [message('c2-again', { dedupeKey: 'c2' })] }), [
      'user:u1',
    ]);
    expect(again.duplicateMessages).toEqual(['c2']);
  });

  it('compacts at most limit messages per call, oldest first', async () => {
    const s = store();
    const ids = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'];
    // Finished in the reverse order of their ids, half sent and half dead.
    await finish(s, ids, (id) => {
      const at = 10_000 - Number(id.slice(1)) * 1_000;
      return Number(id.slice(1)) % 2 === 0 ? { sent: at } : { dead: at };
    });
    expect(await s.compactOutbox({ before: 20_000, limit: 4 })).toBe(4);
    const compacted = [...(await byId(s)).values()].filter((m) => m.body === '').map((m) => m.id);
    expect(compacted.sort()).toEqual(['m2', 'm3', 'm4', 'm5']);
    expect(await s.compactOutbox({ before: 20_000, limit: 4 })).toBe(2);
    expect(await s.compactOutbox({ before: 20_000, limit: 4 })).toBe(0);
  });

  it('keeps a compacted message its dedupe key: the same key is never queued again', async () => {
    const s = store();
    await finish(s, ['k1', 'k2'], (id) => (id === 'k1' ? { sent: 2_000 } : { dead: 2_000 }));
    expect(await s.compactOutbox({ before: 5_000 })).toBe(2);
    const again = await commit(
      s,
      write({
        messages: [message('k1-again', { dedupeKey: 'k1' }), message('k2-again', { dedupeKey: 'k2' })],
      }),
      ['user:u1'],
    );
    expect(again.duplicateMessages.slice().sort()).toEqual(['k1', 'k2']);
    await s.transact(['user:u1'], async (tx) => {
      expect(await tx.existingMessages(['k1', 'k2', 'k3'])).toEqual(new Set(['k1', 'k2']));
    });
    expect((await s.listMessages()).map((m) => m.id)).toEqual(['k1', 'k2']);
    expect(await s.claimMessages({ ...claim, now: 100_000 })).toEqual([]);
  });

  it('counts nothing for messages a forgotten user left without text', async () => {
    const s = store();
    await finish(s, ['a'], () => ({ sent: 2_000 }));
    await s.forgetUser('u1', 'forgotten:0123456789abcdef');
    expect(await s.compactOutbox({ before: 5_000 })).toBe(0);
    expect(texts((await s.listMessages())[0])).toEqual(EMPTY);
  });

  it('rejects bad arguments with STORE_QUERY_INVALID and compacts nothing', async () => {
    const s = store();
    await finish(s, ['a'], () => ({ sent: 2_000 }));
    await expectCompactionRejects((options) => s.compactOutbox(options));
    expect((await s.listMessages())[0]).toMatchObject({ body: 'body of a', subject: 'about a' });
  });
}
