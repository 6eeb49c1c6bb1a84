import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type PolicyDocument, type Store, userKey } from '@engageloop/core';
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

/** A policy with one rule: each `note.added` sets the user attribute `noted` (a write to see, or not see). */
export const NOTE_POLICY: PolicyDocument = {
  version: 1,
  eventTypes: { 'note.added': {} },
  rules: [
    {
      id: 'remember',
      stage: 'action',
      on: 'note.added',
      effects: [{ type: 'core.setAttribute', params: { key: 'noted', value: true } }],
    },
  ],
};
