import { expect, it } from 'vitest';
import { recordKey } from '../store/keys';
import type { CommitResult, CommitWrite, RecordedOutcome, Store, StoreTransaction } from '../store/types';
import type { ContractContext } from './context';
import { commit, expectCode, message, record, timer, write } from './fixtures';

/** As many users as a batch of `engine.dispatchBatch` may hold (500 events, most of them one per user). */
const USERS = 300;
const users = Array.from({ length: USERS }, (_, i) => `b${String(i).padStart(3, '0')}`);
const keyOf = (user: string) => `user:${user}`;
const recordOf = (user: string, id: string): RecordedOutcome => ({
  ...record(recordKey('event', user, id), user),
  outcome: { eventId: id, status: 'applied', user },
});

/** What existed before the batch: half the users' documents, some messages, timers and records. */
async function seed(s: Store): Promise<void> {
  await commit(
    s,
    write({
      docs: users.filter((_, i) => i % 2 === 0).map((u) => ({ key: keyOf(u), value: { n: 1, u } })),
      counters: [{ key: 'tally:all', delta: 1 }],
      messages: users.filter((_, i) => i % 10 === 0).map((u) => message(`old-${u}`, { userId: u })),
      timers: { schedule: users.filter((_, i) => i % 5 === 0).map((u) => timer(`t-${u}`, { userId: u })) },
      records: users.filter((_, i) => i % 3 === 0).map((u) => recordOf(u, 'first')),
    }),
    users.map(keyOf),
  );
}

/** The batch: one record per user, every document written (some deleted), messages, counters and timers. */
function batchWrite(): CommitWrite {
  return write({
    records: users.map((u) => recordOf(u, 'second')),
    docs: users.map((u, i) => ({ key: keyOf(u), value: i % 7 === 6 ? null : { n: 2, u, tags: [i] } })),
    counters: [
      ...users.map((_, i) => ({ key: `tally:${i % 12}`, delta: 1 })),
      { key: 'tally:all', delta: USERS },
      { key: 'tally:0', delta: 0.5 },
    ],
    messages: [
      ...users.map((u) => message(`${u}#0`, { userId: u, dedupeKey: `reply:${u}` })),
      // Already in the outbox, and listed twice in this write: reported as duplicates.
      message('again-1', { dedupeKey: `old-${users[0]}` }),
      message('again-2', { dedupeKey: `reply:${users[1]}` }),
    ],
    cancelMessages: users.filter((_, i) => i % 20 === 0).map((u) => `old-${u}`),
    timers: {
      schedule: users.filter((_, i) => i % 4 === 0).map((u) => timer(`n-${u}`, { userId: u, dueAt: 9_000 })),
      cancel: users.filter((_, i) => i % 10 === 0).map((u) => `t-${u}`),
      complete: users.filter((_, i) => i % 10 === 5).map((u) => ({ id: `t-${u}`, dueAt: 5_000 })),
    },
  });
}

/** The reads and the commit of a batch's unit of work, on the synchronous face when `sync`. */
async function runBatch(
  tx: StoreTransaction,
  sync: boolean,
  w: CommitWrite,
): Promise<{ recorded: Map<string, RecordedOutcome>; docs: Map<string, unknown>; result: CommitResult }> {
  const face = sync ? tx.sync : undefined;
  const keys = users.map((u) => recordKey('event', u, 'first'));
  const recorded = face ? face.recordedMany(keys) : await tx.recordedMany(keys);
  const docs = face ? face.load(users.map(keyOf)) : await tx.load(users.map(keyOf));
  const counters = face
    ? face.counters(['tally:all', 'tally:3'])
    : await tx.counters(['tally:all', 'tally:3']);
  expect(counters).toEqual(
    new Map([
      ['tally:all', 1],
      ['tally:3', 0],
    ]),
  );
  const result = face ? face.commit(w) : await tx.commit(w);
  return { recorded, docs, result };
}

/** Units of work of a whole batch: hundreds of keys, records, documents and messages in one commit. */
export function batchCases({ store }: ContractContext): void {
  for (const sync of [false, true]) {
    it(`commits a batch of ${USERS} users' records, documents, messages, counters and timers in one unit of work${sync ? ' (synchronous face)' : ''}`, async () => {
      const s = store();
      await seed(s);
      const w = batchWrite();
      const seen = await s.transact(users.map(keyOf), async (tx) => {
        if (sync && !tx.sync) return undefined;
        return runBatch(tx, sync, w);
      });
      if (seen === undefined) return; // no synchronous face
      expect(seen.recorded.size).toBe(USERS / 3);
      expect(seen.recorded.get(recordKey('event', users[3] as string, 'first'))).toEqual(
        recordOf(users[3] as string, 'first'),
      );
      expect(seen.docs.size).toBe(USERS / 2);
      expect(seen.result.duplicateMessages).toEqual([`old-${users[0]}`, `reply:${users[1]}`]);

      for (const [i, u] of users.entries())
        expect(await s.getDocument(keyOf(u))).toEqual(i % 7 === 6 ? undefined : { n: 2, u, tags: [i] });
      const read = await s.transact([keyOf(users[0] as string)], (tx) =>
        tx.recordedMany(
          users.flatMap((u) => [recordKey('event', u, 'first'), recordKey('event', u, 'second')]),
        ),
      );
      expect(read.size).toBe(USERS + USERS / 3);
      expect(read.get(recordKey('event', users[7] as string, 'second'))).toEqual(
        recordOf(users[7] as string, 'second'),
      );
      expect(await s.getCounter('tally:all')).toBe(USERS + 1);
      expect(await s.getCounter('tally:0')).toBe(USERS / 12 + 0.5);
      expect(await s.getCounter('tally:11')).toBe(USERS / 12);
      const messages = await s.listMessages();
      expect(messages).toHaveLength(USERS + USERS / 10);
      expect(messages.filter((m) => m.status === 'cancelled')).toHaveLength(USERS / 20);
      expect(messages.find((m) => m.id === `${users[9]}#0`)).toMatchObject({
        userId: users[9],
        dedupeKey: `reply:${users[9]}`,
        status: 'pending',
      });
      const timers = await s.listTimers();
      // Seeded every 5th; cancelled every 10th; completed the 5th of each 10; new every 4th.
      expect(timers.filter((t) => t.id.startsWith('t-'))).toHaveLength(0);
      expect(timers.filter((t) => t.id.startsWith('n-'))).toHaveLength(USERS / 4);
    });
  }

  it('writes nothing of a batch one of whose records was committed before (STORE_CONFLICT)', async () => {
    const s = store();
    await seed(s);
    const w = batchWrite();
    // users[150]'s 'second' event was recorded by an earlier unit of work.
    const taken = w.records?.[150] as RecordedOutcome;
    await commit(s, write({ record: taken }), [keyOf(users[150] as string)]);
    await expectCode(commit(s, w, users.map(keyOf)), 'STORE_CONFLICT');
    expect(await s.getDocument(keyOf(users[1] as string))).toBeUndefined();
    expect(await s.getDocument(keyOf(users[0] as string))).toEqual({ n: 1, u: users[0] });
    expect(await s.getCounter('tally:all')).toBe(1);
    expect(await s.listMessages()).toHaveLength(USERS / 10);
    expect((await s.listTimers()).map((t) => t.id).filter((id) => id.startsWith('n-'))).toEqual([]);
    const second = await s.transact([keyOf(users[0] as string)], (tx) =>
      tx.recordedMany(users.map((u) => recordKey('event', u, 'second'))),
    );
    expect([...second.keys()]).toEqual([taken.key]);
  });

  it('applies a batch that writes one document, counter, message and timer several times as if one by one', async () => {
    const s = store();
    await commit(
      s,
      write({
        docs: [
          { key: 'user:a', value: { v: 1 } },
          { key: 'user:b', value: { v: 1 } },
          { key: 'user:a', value: { v: 2 } },
          { key: 'user:b', value: null },
          { key: 'user:c', value: null },
          { key: 'user:c', value: { v: 3 } },
        ],
        counters: [
          { key: 'k', delta: 2 },
          { key: 'k', delta: -5 },
          { key: 'k', delta: 1 },
        ],
        messages: [message('m1', { dedupeKey: 'd' }), message('m2', { dedupeKey: 'd' })],
        timers: { schedule: [timer('t', { dueAt: 1 }), timer('t', { dueAt: 2 })] },
      }),
      ['user:a', 'user:b', 'user:c'],
    );
    expect(await s.getDocument('user:a')).toEqual({ v: 2 });
    expect(await s.getDocument('user:b')).toBeUndefined();
    expect(await s.getDocument('user:c')).toEqual({ v: 3 });
    expect(await s.getCounter('k')).toBe(-2);
    expect((await s.listMessages()).map((m) => m.id)).toEqual(['m1']);
    expect((await s.listTimers()).map((t) => t.dueAt)).toEqual([2]);
  });
}
