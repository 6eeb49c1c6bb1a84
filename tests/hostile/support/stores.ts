/**
 * The stores every hostile case runs on: memory, SQLite (a file per case) and PostgreSQL (a schema per case,
 * when ENGAGELOOP_PG_URL is set; otherwise skipped with the reason printed), and a store wrapper that makes
 * chosen commits fail the way a custom store or a broken database would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommitWrite, createMemoryStore, type Store, type StoreTransaction } from '@engageloop/core';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { afterAll, afterEach, describe } from 'vitest';
import { advancePostgresLeaseClock } from '../../../packages/store-postgres/src/faults';
import {
  describePg,
  dropSchemas,
  freshSchema,
  openStore,
} from '../../../packages/store-postgres/src/pg-test-support';

/** Opens a fresh, empty store for one case; it is closed after the case. */
export type OpenStore = () => Promise<Store>;

/** Registers `suite` once per store kind. */
export function eachStore(suite: (open: OpenStore) => void): void {
  describe('memory store', () => suite(closing(async () => createMemoryStore())));
  describe('SQLite store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'engageloop-hostile-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    let n = 0;
    suite(closing(async () => createSqliteStore({ filename: join(dir, `case-${++n}.db`) })));
  });
  describePg('PostgreSQL store', () => {
    afterAll(() => dropSchemas());
    suite(closing(() => openStore(freshSchema())));
  });
}

/** Closes every store a case opened once the case is over. */
function closing(open: OpenStore): OpenStore {
  const opened: Store[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  return async () => {
    const store = await open();
    opened.push(store);
    return store;
  };
}

/** Which commits fail, and with what (a custom store's plain `Error` by default). */
export interface CommitFaults {
  /** How many more commits fail (counted only for commits `when` selects). */
  remaining: number;
  when?: (write: CommitWrite) => boolean;
  error?: () => unknown;
}

/**
 * `inner`, except that a commit selected by `faults` throws before anything is written, as a custom store
 * would. Its transactions have no synchronous face, so the engine goes through the promise path.
 */
export function withFailingCommits(inner: Store, faults: CommitFaults): Store {
  const wrap = (tx: StoreTransaction): StoreTransaction => ({
    recorded: (key) => tx.recorded(key),
    recordedMany: (keys) => tx.recordedMany(keys),
    load: (keys) => tx.load(keys),
    counters: (keys) => tx.counters(keys),
    existingMessages: (keys) => tx.existingMessages(keys),
    commit: async (write) => {
      if (faults.remaining > 0 && (faults.when?.(write) ?? true)) {
        faults.remaining -= 1;
        throw faults.error?.() ?? new Error('disk full');
      }
      return tx.commit(write);
    },
  });
  // The stores' methods are closures over their state (no `this`): only `transact` changes.
  const wrapped: Store = { ...inner, transact: (keys, work) => inner.transact(keys, (tx) => work(wrap(tx))) };
  innerStores.set(wrapped, inner);
  return wrapped;
}

const innerStores = new WeakMap<Store, Store>();

/**
 * Lets `ms` of lease time pass on a store whose leases follow its own clock (PostgreSQL: the database's, so a
 * later business `now` does not end a lease or a retry backoff); a no-op for the others.
 */
export function elapseLeases(store: Store, ms: number): void {
  const inner = innerStores.get(store) ?? store;
  if (inner.kind === 'postgres') advancePostgresLeaseClock(inner, ms);
}

/** Everything a store shows, as text: documents, messages, timers (to compare before and after). */
export async function snapshot(store: Store): Promise<string> {
  const docs: unknown[] = [];
  for await (const doc of store.listDocuments('')) docs.push(doc);
  return JSON.stringify([docs, await store.listMessages(), await store.listTimers()]);
}
