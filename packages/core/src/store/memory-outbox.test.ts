import { describe, expect, it } from 'vitest';
import { message, write } from '../contract/fixtures';
import { createMemoryStore, memoryStoreContents } from './memory-store';

const claimAll = (store: ReturnType<typeof createMemoryStore>, now: number) =>
  store.claimMessages({ now, limit: 100, leaseMs: 1_000, worker: 'w' });

describe('memory outbox retention (keepSent: false)', () => {
  it('lets an acked message go, keeps pending ones, and never queues its dedupe key again', async () => {
    const store = createMemoryStore({ outbox: { keepSent: false } });
    await store.transact([], (tx) =>
      tx.commit(write({ messages: [message('m1'), message('m2', { notBefore: 9_000 })] })),
    );
    const [claimed] = await claimAll(store, 2_000);
    expect(claimed?.id).toBe('m1');
    await store.ackMessage('m1', claimed!.lease, 2_000);

    expect((await store.listMessages()).map((m) => [m.id, m.status])).toEqual([['m2', 'pending']]);
    expect(memoryStoreContents(store)).not.toContain('body of m1');
    await store.transact([], async (tx) => {
      expect(await tx.existingMessages(['m1', 'm2', 'm3'])).toEqual(new Set(['m1', 'm2']));
      await tx.commit(write({ messages: [message('m3-again', { dedupeKey: 'm1' })] }));
    });
    expect((await store.listMessages()).map((m) => m.id)).toEqual(['m2']);
  });

  it('keeps every acked message by default', async () => {
    const store = createMemoryStore();
    await store.transact([], (tx) => tx.commit(write({ messages: [message('m1')] })));
    const [claimed] = await claimAll(store, 2_000);
    await store.ackMessage('m1', claimed!.lease, 2_000);
    expect((await store.listMessages()).map((m) => [m.id, m.status])).toEqual([['m1', 'sent']]);
  });

  it("pseudonymises a forgotten user's kept dedupe keys, which still block a second send", async () => {
    const store = createMemoryStore({ outbox: { keepSent: false } });
    const key = 'e1:care:welcome:ann@example.org';
    await store.transact([], (tx) =>
      tx.commit(write({ messages: [message('m1', { userId: 'ann@example.org', dedupeKey: key })] })),
    );
    const [claimed] = await claimAll(store, 2_000);
    await store.ackMessage('m1', claimed!.lease, 2_000);
    await store.forgetUser('ann@example.org', 'forgotten:1');
    expect(memoryStoreContents(store)).not.toContain('ann@example.org');
    await store.transact([], async (tx) => {
      expect(await tx.existingMessages(['e1:care:welcome:forgotten:1'])).toEqual(
        new Set(['e1:care:welcome:forgotten:1']),
      );
    });
  });
});
