import {
  type ClaimedMessage,
  type CounterEntry,
  checkCompactOutbox,
  checkCompactRecords,
  checkTopCounters,
  EngageLoopError,
  type OutboxEntry,
  type Store,
  type TimerRecord,
  toEngageLoopError,
  userKey,
} from '@engageloop/core';
import { createCommittedDocs, createKeyLock } from '@engageloop/core/internal';
import Database from 'better-sqlite3';
import { createCommitter } from './commit';
import { registerFaults, type SqliteFaults } from './faults';
import { createForgetUser } from './forget-user';
import { applyMigrations } from './migrations';
import { createSqliteOutbox } from './outbox';
import { COMPACT_RECORDS, topCountersQuery } from './queries';
import { createStatementCache } from './statements';
import { createSqliteTimers } from './timers';
import { createSqliteTransaction } from './transaction';

/**
 * Page size of a new database file (bytes). A batch's commit dirties a page per index entry it inserts at a
 * random place (record keys, message ids and dedupe keys, users), and SQLite writes each dirty page to the WAL
 * with one `pwrite`: at 16 KiB the pages hold 4× the entries of the 4 KiB default, so a batch of 500 events
 * makes ~6× fewer system calls, and a user document up to ~16 KB fits in its b-tree page with no overflow
 * chain (a rowid table's limit since migration 9; ~4 KB before, in a WITHOUT ROWID table). Measured with the
 * stores' workload (`tests/bench/stores-share.ts`): Node CPU per event 177 → 110 µs, system time 48 → 17 µs.
 * SQLite fixes the page size when the file is created (in WAL mode it cannot change).
 */
const PAGE_SIZE = 16_384;

/**
 * WAL bytes written before SQLite checkpoints them into the database file (`wal_autocheckpoint` counts pages:
 * this over the file's page size). A checkpoint syncs the WAL, copies the latest version of each page it holds
 * and syncs the file; one-by-one dispatch dirties ~16 pages per commit (documents, records and outbox with
 * their indexes), so SQLite's default of 1,000 pages checkpointed every ~60 dispatches, each time with two
 * fsyncs and many of the same hot pages. At 64 MiB it checkpoints 4× less often and each copy collapses more
 * rewrites of a page. Measured one by one (`tests/bench/one-by-one-main.ts sqlite`, 8,000 events, alternate
 * runs): 936 / 828 / 879 → 1,072 / 1,002 / 969 events/s; batches of 500 unchanged. 256 MiB on the history bench
 * (100k events, one by one): last/first ×1.19, within the spread of 64 MiB's runs that session (×1.13–1.27,
 * a loaded machine), so it stays. Again after migration 9 (3 alternate pairs, same build, only this constant):
 * 64 MiB ×0.98 / ×1.01 / ×1.06, 256 MiB ×1.05 / ×1.07 / ×1.05 (last 10k 370 / 368 / 383 → 378 / 362 / 332 µs).
 */
const WAL_CHECKPOINT_BYTES = 64 * 1024 * 1024;

/**
 * The store's compactions (`compactRecords`, `compactOutbox`: what the engine's `tick` runs for retention) end
 * with a checkpoint, so that copying the WAL into the file happens in the maintenance a deployment runs on a
 * clock, not in the commit of the dispatch that happened to fill the WAL (`WAL_CHECKPOINT_BYTES` stays as the
 * backstop when nothing compacts). PASSIVE: this process holds the file alone, so it copies the whole WAL. What
 * a checkpoint copies grows with history: the distinct pages of a WAL's worth of commits, spread over the
 * random-keyed indexes (record keys, dedupe keys) and the documents, 220 pages per 4,096 frames in the first
 * 10k events of the history bench and 620 in the last (`tests/bench/history-wal.ts`). History bench (tick every
 * 100 events), 8 runs each alongside one of the previous build, medians, µs CPU per event of the first / last
 * 10k: events 263 / 288 → 215 / 226, upkeep 36 / 52 → 63 / 93, the two together 298 / 340 → 278 / 319; last over
 * first ×1.10 → ×1.08 (runs: ×1.07 ×1.06 ×1.11 ×1.10 ×1.11 ×1.12 ×1.04 ×1.13 → ×1.12 ×1.07 ×1.05 ×1.05 ×1.09
 * ×1.09 ×1.07 ×1.09). A checkpoint per
 * tick copies more pages in all than one per 64 MiB, yet the two together cost less here (why was not measured).
 * Rejected: checkpoint (TRUNCATE) only once the WAL file holds 32 MiB: events about as fast as before in the
 * first 10k, upkeep as high (3 runs: 238 / 251 and 68 / 99 against 234 / 269 and 33 / 47). The one-by-one and
 * batch benches never compact: unchanged.
 */
const checkpointAfter = (db: Database.Database, compacted: number): number => {
  db.pragma('wal_checkpoint(PASSIVE)');
  return compacted;
};

/**
 * The page cache SQLite keeps in this process (KiB) unless `createSqliteStore({ cacheSizeKiB })` says otherwise:
 * SQLite's own default, 2,000 KiB (125 pages of 16 KiB). Records, message ids, dedupe keys and users go to
 * random places of their indexes, so once those outgrow the cache an insert reads its page back from the file.
 * 64 MiB on the history bench (100k events, last 10k): 150 → 46 KB read per event, but the CPU per event not
 * measurably lower (the file's pages stay in the OS cache; last/first ×1.14–1.22 at 64 MiB, ×1.15–1.17 at
 * 2,000 KiB, alternate runs), so the default stays SQLite's. Measured again with migration 6: 32 MiB ×1.20,
 * within the spread of 2,000 KiB's runs that session (×1.13–1.27, a loaded machine).
 */
const DEFAULT_CACHE_KIB = 2_000;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/** Where `createSqliteStore` keeps its data, and how it waits for the file's lock. */
export interface SqliteStoreOptions {
  /** A database file path, or `':memory:'` for a private in-memory database. */
  filename: string;
  /**
   * How long (ms) to wait for the file's lock, held by another process that has it open, before failing with
   * `STORE_ERROR`. Default 5000.
   */
  busyTimeoutMs?: number;
  /** Page size (documents) of `listDocuments`. Default 256. */
  pageSize?: number;
  /**
   * How many of the documents it wrote last the store keeps in memory, frozen, to read them back without
   * parsing their JSON again (the file is this process's alone, so they stay true). Default 4096; 0 keeps none.
   */
  documentCache?: number;
  /**
   * Size of SQLite's page cache, in KiB (`PRAGMA cache_size = -n`). Default 2,000 (SQLite's own). A larger cache
   * spares reads once the store's random-keyed indexes outgrow it (history bench at 64 MiB: a third of the
   * bytes read per event), for memory of this process.
   */
  cacheSizeKiB?: number;
}

/** The SQLite store: a `Store` that persists to one file, for one process. */
export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
}

/**
 * Opens (creating if needed) a SQLite database and returns an engageloop store on it.
 * WAL journal, `synchronous=NORMAL`, 16 KiB pages for a new file, versioned migrations applied on open; each
 * unit of work holds in-process per-key locks and commits as one SQLite transaction. The documents written last
 * are kept frozen in memory (`documentCache`) and read back without parsing.
 *
 * The store is single-process by design (its per-key locks live in the process), and it says so to SQLite:
 * `locking_mode=EXCLUSIVE` is set before WAL is entered, so the connection holds the file's lock until
 * `close()` and SQLite keeps the WAL index in heap memory. There is no `-shm` file: nothing is memory-mapped
 * that another process, a full disk or a read-only file could take away (a mapped `-shm` that cannot be
 * written kills the process with SIGBUS). Another process opening the same file meanwhile fails with
 * `STORE_ERROR` (database is locked) after `busyTimeoutMs`.
 *
 * @example
 * const store = createSqliteStore({ filename: './engageloop.db' });
 * const engine = createEngine({ policy, plugins, store });
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  let db: Database.Database | undefined;
  try {
    db = new Database(options.filename);
    // First: entering WAL below already waits for the file's lock.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    // Before any access in WAL mode: then SQLite never creates or maps a -shm file (see above).
    // A new file only (an existing one keeps its page size): see PAGE_SIZE.
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const filePageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`wal_autocheckpoint = ${Math.max(1000, Math.floor(WAL_CHECKPOINT_BYTES / filePageSize))}`);
    db.pragma(`cache_size = -${Math.max(0, Math.floor(options.cacheSizeKiB ?? DEFAULT_CACHE_KIB))}`);
    db.pragma('foreign_keys = ON');
    applyMigrations(db);
  } catch (cause) {
    // A file another process holds (or one that cannot be set up): let go of the handle at once.
    if (db?.open) db.close();
    throw toEngageLoopError(cause, 'STORE_ERROR');
  }
  const prepare = createStatementCache(db);
  const faults: SqliteFaults = { failNextCommit: false };
  const cache = createCommittedDocs(Math.max(0, Math.floor(options.documentCache ?? 4096)));
  const committer = createCommitter(db, prepare, faults, cache);
  const outbox = createSqliteOutbox(db, prepare);
  const timers = createSqliteTimers(prepare);
  const forget = createForgetUser(db, prepare);
  const lock = createKeyLock();
  const pageSize = Math.max(1, options.pageSize ?? 256);
  let closed = false;

  const guard = <T>(work: () => T): T => {
    if (closed) throw new EngageLoopError('STORE_CLOSED');
    try {
      return work();
    } catch (thrown) {
      throw toEngageLoopError(thrown, 'STORE_ERROR');
    }
  };
  const call = <T>(work: () => T): Promise<T> => new Promise<T>((resolve) => resolve(guard(work)));

  async function* listDocuments(prefix: string): AsyncGenerator<{ key: string; value: unknown }> {
    const page = `SELECT key, value FROM docs WHERE key > ? AND substr(key, 1, length(?)) = ?
      ORDER BY key LIMIT ${pageSize}`;
    const first = 'SELECT key, value FROM docs WHERE key = ?';
    const exact = guard(() => prepare(first).get(prefix)) as { key: string; value: string } | undefined;
    if (exact !== undefined) yield { key: exact.key, value: JSON.parse(exact.value) as unknown };
    let after = prefix;
    for (;;) {
      const rows = guard(() => prepare(page).all(after, prefix, prefix)) as Array<{
        key: string;
        value: string;
      }>;
      for (const row of rows) yield { key: row.key, value: JSON.parse(row.value) as unknown };
      const last = rows.at(-1);
      if (last === undefined || rows.length < pageSize) return;
      after = last.key;
    }
  }

  const store: SqliteStore = {
    kind: 'sqlite',
    async transact(keys, work) {
      guard(() => undefined);
      // Free keys (one-by-one dispatch, no other unit of work on the user) are taken without a promise.
      const release = lock.tryAcquire(keys) ?? (await lock.acquire(keys));
      const open = createSqliteTransaction({ keys: new Set(keys), prepare, committer, cache, guard });
      try {
        // The engine's work answers at once on the synchronous face: no await for it.
        const pending = work(open.tx);
        const result = isThenable(pending) ? await pending : (pending as Awaited<typeof pending>);
        open.finish();
        return result;
      } catch (error) {
        open.abandon();
        throw error;
      } finally {
        release();
      }
    },
    getDocument: (key) =>
      call(() => {
        const row = prepare('SELECT value FROM docs WHERE key = ?').get(key) as { value: string } | undefined;
        return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
      }),
    listDocuments,
    getCounter: (key) =>
      call(() => {
        const row = prepare('SELECT value FROM counters WHERE key = ?').get(key) as
          | { value: number }
          | undefined;
        return row?.value ?? 0;
      }),
    topCounters: (prefix, topOptions) =>
      call(() => {
        checkTopCounters(prefix, topOptions);
        if (topOptions.limit === 0) return [];
        const { sql, values } = topCountersQuery(prefix, topOptions);
        return prepare(sql).all(values) as CounterEntry[];
      }),
    compactRecords: (compactOptions) =>
      call(() => {
        checkCompactRecords(compactOptions);
        const { changes } = prepare(COMPACT_RECORDS).run(compactOptions.before, compactOptions.limit ?? -1);
        return checkpointAfter(db, changes);
      }),
    compactOutbox: (compactOptions) =>
      call(() => {
        checkCompactOutbox(compactOptions);
        return checkpointAfter(db, outbox.compact(compactOptions.before, compactOptions.limit ?? -1));
      }),
    claimTimers: (claim): Promise<TimerRecord[]> => call(() => timers.claim(claim)),
    listTimers: (filter = {}) => call(() => timers.list(filter)),
    releaseTimer: (release) => call(() => timers.release(release)),
    claimMessages: (claim): Promise<ClaimedMessage[]> => call(() => outbox.claim(claim)),
    ackMessage: (id, lease, now) => call(() => outbox.ack(id, lease, now)),
    retryMessage: (id, lease, update) => call(() => outbox.retry(id, lease, update)),
    deadLetterMessage: (id, lease, update) => call(() => outbox.deadLetter(id, lease, update)),
    listMessages: (filter = {}): Promise<OutboxEntry[]> => call(() => outbox.list(filter)),
    async forgetUser(userId, pseudonym, options = {}) {
      guard(() => undefined);
      const release = await lock.acquire([userKey(userId)]);
      try {
        await call(() => {
          committer.recordsChanged();
          forget(userId, pseudonym, options);
          cache.drop(userKey(userId));
        });
      } finally {
        release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        db.close();
      } catch (cause) {
        throw toEngageLoopError(cause, 'STORE_ERROR');
      }
    },
  };
  registerFaults(store, faults);
  return store;
}
