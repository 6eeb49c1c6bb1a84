import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type Store, userKey } from '@engageloop/core';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { freshSchema, openStore, PG_URL } from '../../packages/store-postgres/src/pg-test-support';

/** The stores a hostile case runs on: memory, SQLite, and PostgreSQL when ENGAGELOOP_PG_URL is set. */
export const STORES: Array<[string, () => Promise<Store>]> = [
  ['memory', async () => createMemoryStore()],
  [
    'SQLite',
    async () =>
      createSqliteStore({ filename: join(mkdtempSync(join(tmpdir(), 'el-hostile-')), 'db.sqlite') }),
  ],
  ...(PG_URL ? [['PostgreSQL', () => openStore(freshSchema())] as [string, () => Promise<Store>]] : []),
];

/** Everything a store holds about `userId`: user document, outbox, timers, recorded outcome of `eventId`. */
export async function traceOf(store: Store, userId: string, eventId: string): Promise<unknown> {
  const recorded = await store.transact([], (tx) => tx.recorded(eventId));
  return {
    user: (await store.getDocument(userKey(userId))) ?? null,
    outbox: await store.listMessages({ userId }),
    timers: await store.listTimers({ userId }),
    recorded: recorded ?? null,
  };
}
