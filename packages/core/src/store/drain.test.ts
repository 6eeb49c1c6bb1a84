import { describe, expect, it } from 'vitest';
import { EngageLoopError } from '../errors/error';
import { createManualClock } from '../time/clock';
import { drainOutbox, exponentialBackoff } from './drain';
import { createMemoryStore } from './memory-store';
import type { OutboxMessage } from './outbox-types';
import type { Store } from './types';

const message = (id: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage => ({
  id,
  dedupeKey: id,
  userId: 'u1',
  kind: 'reply',
  topic: 'feedback',
  channel: 'app',
  locale: 'en',
  subject: null,
  body: `hello ${id}`,
  data: {},
  eventId: 'e1',
  ruleId: null,
  plugin: 'replies',
  createdAt: 0,
  notBefore: 0,
  transactional: false,
  ...overrides,
});

async function storeWith(...messages: OutboxMessage[]): Promise<Store> {
  const store = createMemoryStore();
  await store.transact(['user:u1'], (tx) =>
    tx.commit({
      docs: [],
      counters: [],
      messages,
      cancelMessages: [],
      timers: { schedule: [], cancel: [], complete: [] },
    }),
  );
  return store;
}

describe('drainOutbox', () => {
  it('delivers every ready message once, in order, and acks it', async () => {
    const store = await storeWith(message('a'), message('b'), message('later', { notBefore: 5_000 }));
    const seen: string[] = [];
    const report = await drainOutbox(store, (m) => void seen.push(m.id), { now: 1_000, batchSize: 1 });
    expect(seen).toEqual(['a', 'b']);
    expect(report).toEqual({ sent: 2, retried: 0, deadLettered: 0, leaseLost: 0 });
    const sent = await store.listMessages({ status: 'sent' });
    expect(sent.map((m) => [m.id, m.sentAt])).toEqual([
      ['a', 1_000],
      ['b', 1_000],
    ]);
    expect(await drainOutbox(store, () => undefined, { now: 1_000 })).toMatchObject({ sent: 0 });
  });

  it('retries a flaky handler with backoff and sends the message exactly once', async () => {
    const store = await storeWith(message('a'));
    const clock = createManualClock(0);
    let calls = 0;
    let delivered = 0;
    const flaky = () => {
      calls++;
      if (calls <= 2) throw new Error(`fail ${calls}`);
      delivered++;
    };
    expect(await drainOutbox(store, flaky, { clock })).toMatchObject({ sent: 0, retried: 1 });
    expect((await store.listMessages())[0]).toMatchObject({
      attempts: 1,
      lastError: 'fail 1',
      nextAttemptAt: 1_000,
    });
    clock.advance(999);
    expect(await drainOutbox(store, flaky, { clock })).toMatchObject({ sent: 0, retried: 0 });
    clock.advance(1);
    expect(await drainOutbox(store, flaky, { clock })).toMatchObject({ retried: 1 });
    expect((await store.listMessages())[0]).toMatchObject({ attempts: 2, nextAttemptAt: 3_000 });
    clock.set(3_000);
    expect(await drainOutbox(store, flaky, { clock })).toMatchObject({ sent: 1 });
    expect(delivered).toBe(1);
    expect((await store.listMessages())[0]).toMatchObject({ status: 'sent', attempts: 2, sentAt: 3_000 });
  });

  it('dead-letters an always-failing message with its reason once attempts reach maxAttempts', async () => {
    const store = await storeWith(message('a'));
    const failing = () => {
      throw new Error('mailbox full');
    };
    const report = await drainOutbox(store, failing, { now: 0, maxAttempts: 3, backoff: () => 0 });
    expect(report).toEqual({ sent: 0, retried: 2, deadLettered: 1, leaseLost: 0 });
    expect((await store.listMessages())[0]).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: 'mailbox full',
    });
    expect(await drainOutbox(store, failing, { now: 10 ** 12 })).toMatchObject({
      deadLettered: 0,
      retried: 0,
    });
  });

  it('gives messages of a crashed worker to the next drain once their lease expires', async () => {
    const store = await storeWith(message('a'));
    // A worker claims and dies before acking: the message stays leased until its lease expires.
    const [claimed] = await store.claimMessages({ now: 1_000, limit: 10, leaseMs: 100, worker: 'crashed' });
    expect(claimed?.id).toBe('a');
    const seen: string[] = [];
    expect(await drainOutbox(store, (m) => void seen.push(m.id), { now: 1_050 })).toMatchObject({ sent: 0 });
    expect(await drainOutbox(store, (m) => void seen.push(m.id), { now: 1_100 })).toMatchObject({ sent: 1 });
    expect(seen).toEqual(['a']);
  });

  it('never delivers a message twice when several drains run concurrently', async () => {
    const messages = Array.from({ length: 60 }, (_, i) => message(`m${i}`, { createdAt: i }));
    const store = await storeWith(...messages);
    const delivered = new Map<string, number>();
    const handler = async (m: OutboxMessage) => {
      await new Promise((r) => setImmediate(r));
      delivered.set(m.id, (delivered.get(m.id) ?? 0) + 1);
    };
    const reports = await Promise.all(
      ['w1', 'w2', 'w3', 'w4'].map((worker) => drainOutbox(store, handler, { now: 0, worker, batchSize: 5 })),
    );
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(60);
    expect(delivered.size).toBe(60);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
  });

  it('repeats an ack that failed with STORE_ERROR, so a dropped connection does not deliver twice', async () => {
    const store = await storeWith(message('a'), message('b'));
    let failures = 0;
    const flaky: Store = {
      ...store,
      ackMessage: async (id, lease, now) => {
        if (id === 'a' && failures < 2) {
          failures += 1;
          throw new EngageLoopError('STORE_ERROR', { message: 'connection terminated' });
        }
        return store.ackMessage(id, lease, now);
      },
    };
    const delivered: string[] = [];
    const report = await drainOutbox(flaky, (m) => void delivered.push(m.id), { now: 0 });
    expect(report).toMatchObject({ sent: 2, leaseLost: 0 });
    expect(delivered).toEqual(['a', 'b']);
    expect((await store.listMessages({ status: 'sent' })).map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('gives up after three store failures of the same ack (the drain rejects with STORE_ERROR)', async () => {
    const store = await storeWith(message('a'));
    const down: Store = {
      ...store,
      ackMessage: async () => {
        throw new EngageLoopError('STORE_ERROR');
      },
    };
    await expect(drainOutbox(down, () => undefined, { now: 0 })).rejects.toMatchObject({
      code: 'STORE_ERROR',
    });
    expect((await store.listMessages())[0]).toMatchObject({ status: 'pending' });
  });

  it('stops after `limit` messages', async () => {
    const store = await storeWith(message('a'), message('b'), message('c'));
    expect(await drainOutbox(store, () => undefined, { now: 0, limit: 2, batchSize: 10 })).toMatchObject({
      sent: 2,
    });
    expect((await store.listMessages({ status: 'pending' })).map((m) => m.id)).toEqual(['c']);
  });

  it('reports a lease lost when the handler outlasts the lease, and does not ack', async () => {
    const store = await storeWith(message('a'));
    const clock = createManualClock(0);
    const slow = () => clock.advance(200);
    const report = await drainOutbox(store, slow, { clock, leaseMs: 100 });
    expect(report).toEqual({ sent: 0, retried: 0, deadLettered: 0, leaseLost: 1 });
    expect((await store.listMessages())[0]).toMatchObject({ status: 'pending' });
  });

  it('requires a clock or a finite now (CLOCK_INVALID)', async () => {
    const store = await storeWith();
    await expect(drainOutbox(store, () => undefined, {})).rejects.toMatchObject({ code: 'CLOCK_INVALID' });
  });

  it('backs off exponentially from 1 s, capped at one hour', () => {
    expect([1, 2, 3, 4].map(exponentialBackoff)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(exponentialBackoff(40)).toBe(3_600_000);
  });
});
