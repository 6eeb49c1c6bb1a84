import {
  type CounterEntry,
  checkCompactOutbox,
  checkCompactRecords,
  checkTopCounters,
  EngageLoopError,
  type Store,
  toEngageLoopError,
  userKey,
} from '@engageloop/core';
import { createCommittedDocs, createKeyLock } from '@engageloop/core/internal';
import pg from 'pg';
import { type PostgresFaults, registerFaults } from './faults';
import { forgetUserIn } from './forget-user';
import { migratePostgres, quoteIdentifier } from './migrations';
import { createPgOutbox } from './outbox';
import { beforeBound, compactRecordsSql, topCountersQuery } from './queries';
import { acquireSession } from './session';
import { createStatements } from './statements';
import { createPgTimers } from './timers';
import { createPgTransaction, type OpenPgTransaction } from './transaction';

/** How `createPostgresStore` connects (a pool of yours, or a connection string) and which schema it uses. */
export interface PostgresStoreOptions {
  /** A pool owned by the host (not ended by `close()`). */
  pool?: pg.Pool;
  /** Or a connection string: the store creates (and on `close()` ends) its own pool. */
  connectionString?: string;
  /** Pool size when the store creates the pool. Default 10. */
  maxConnections?: number;
  /** `application_name` of the store's own connections (shown in `pg_stat_activity`). Default `engageloop`. */
  applicationName?: string;
  /** The schema holding the tables. Default `engageloop`. Letters, digits and `_` only. */
  schema?: string;
  /** Page size (documents) of `listDocuments`. Default 256. */
  pageSize?: number;
  /**
   * How many documents this process keeps, as committed, to read back without parsing when their stored text
   * is still exactly what it wrote (the least recently written dropped first). Default 4,096;
   * `0` keeps none.
   */
  documentCache?: number;
}

/** The PostgreSQL store: shared by any number of app instances. */
export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  /** Creates or upgrades the schema (versioned steps); safe when several instances run it at once. */
  migrate(): Promise<void>;
}

/**
 * Creates a PostgreSQL store. Call `migrate()` once at start-up (it also creates the functions a unit of
 * work calls). A unit of work is one database transaction on one pooled connection, in three round trips
 * however many keys and events it holds (a batch of `engine.dispatchBatch`): its first read (or its commit)
 * sends `BEGIN` with a call of `engageloop_open3` that takes the keys' advisory locks in ascending lock id
 * (instances never wait on each other in a cycle) and reads the recorded outcomes asked for and every locked
 * document; the commit is one call of `engageloop_commit7`, which writes the records (as arrays), documents,
 * counters, messages and timers with multi-row statements; `COMMIT` follows when the work returns (a read of
 * counters adds one round trip). The engine's commits end their unit of work (`CommitOptions.final`): those
 * travel with `COMMIT` in one round trip (`engageloop_commit7` with `p_final`), so a dispatch costs two. So a user's dispatches are serialised across every instance from their
 * first read to their end; timers and outbox messages are claimed in batches with `FOR UPDATE SKIP LOCKED`,
 * under leases written and judged by the database's clock (due times stay the callers' business time: see
 * `lease-clock.ts`). Commits are as durable as the server's `synchronous_commit` makes them (on by default);
 * several instances committing at once share WAL flushes (group commit). A unit of work takes one advisory
 * lock per key: concurrent batches of 500 keys need room in the server's lock table
 * (`max_locks_per_transaction` × `max_connections`, 6,400 by default).
 *
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL });
 * await store.migrate();
 * const engine = createEngine({ policy, plugins, store });
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const schema = options.schema ?? 'engageloop';
  let s: string;
  try {
    s = quoteIdentifier(schema);
  } catch (cause) {
    throw toEngageLoopError(cause, 'STORE_ERROR');
  }
  const owned = options.pool === undefined;
  if (owned && options.connectionString === undefined) {
    throw new EngageLoopError('STORE_ERROR', {
      message: 'Give createPostgresStore a pool or a connectionString.',
    });
  }
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      application_name: options.applicationName ?? 'engageloop',
    });
  // An idle connection that dies is dropped by the pool; this listener keeps the event from crashing the process.
  if (owned) pool.on('error', () => undefined);
  const lock = createKeyLock();
  const statements = createStatements(schema, s);
  const faults: PostgresFaults = { failNextCommit: false, leaseClockOffsetMs: 0 };
  const leaseClockOffset = () => faults.leaseClockOffsetMs;
  const outbox = createPgOutbox(pool, s, leaseClockOffset);
  const timers = createPgTimers(pool, s, leaseClockOffset);
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 256));
  const cache = createCommittedDocs(Math.max(0, Math.floor(options.documentCache ?? 4096)));
  const lockName = (key: string): string => `engageloop:${schema}:${key}`;
  let closed = false;

  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw new EngageLoopError('STORE_CLOSED');
    try {
      return await work();
    } catch (thrown) {
      throw toEngageLoopError(thrown, 'STORE_ERROR');
    }
  };

  /**
   * Runs `work` as one unit of work on one pooled connection, queued in-process per key first. The database
   * transaction and its advisory locks start with the work's first read or commit (see `createPgTransaction`)
   * and end after the work returns: COMMIT, or ROLLBACK if the work threw or its commit failed.
   */
  const locked = async <T>(keys: readonly string[], work: (open: OpenPgTransaction) => T | Promise<T>) => {
    if (closed) throw new EngageLoopError('STORE_CLOSED');
    // Free keys (no other unit of work of this instance on them) are taken without a promise.
    const release = lock.tryAcquire(keys) ?? (await lock.acquire(keys));
    try {
      if (closed) throw new EngageLoopError('STORE_CLOSED');
      const session = await acquireSession(pool, statements.open);
      const open = createPgTransaction({
        session,
        statements,
        keys: new Set(keys),
        lockNames: keys.map(lockName),
        isClosed: () => closed,
        faults,
        cache,
      });
      let result: T;
      try {
        result = await work(open);
        if (closed) throw new EngageLoopError('STORE_CLOSED');
      } catch (error) {
        open.end();
        await session.rollback();
        throw error;
      }
      open.end();
      // The work went on after a failed commit: nothing of it may stay, and a lost connection is reported.
      if (open.failed) await session.rollback(true);
      else {
        await session.commit();
        cache.committed(open.staged);
      }
      return result;
    } finally {
      release();
    }
  };

  async function* listDocuments(prefix: string): AsyncGenerator<{ key: string; value: unknown }> {
    let after: string | null = null;
    for (;;) {
      const { rows } = await call(() =>
        pool.query<{ key: string; value: string }>(
          `SELECT key, value FROM ${s}.docs
           WHERE key >= $1 AND starts_with(key, $1) AND ($2::text IS NULL OR key > $2)
           ORDER BY key LIMIT ${pageSize}`,
          [prefix, after],
        ),
      );
      for (const row of rows) yield { key: row.key, value: JSON.parse(row.value) as unknown };
      const last = rows.at(-1);
      if (last === undefined || rows.length < pageSize) return;
      after = last.key;
    }
  }

  const store: PostgresStore = {
    kind: 'postgres',
    migrate: () => call(async () => void (await migratePostgres(pool, schema))),
    transact: (keys, work) => locked(keys, (open) => work(open.tx)),
    getDocument: (key) =>
      call(async () => {
        const { rows } = await pool.query<{ value: string }>(`SELECT value FROM ${s}.docs WHERE key = $1`, [
          key,
        ]);
        const row = rows[0];
        return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
      }),
    listDocuments,
    getCounter: (key) =>
      call(async () => {
        const { rows } = await pool.query<{ value: number }>(
          `SELECT value FROM ${s}.counters WHERE key = $1`,
          [key],
        );
        return rows[0]?.value ?? 0;
      }),
    topCounters: (prefix, topOptions) =>
      call(async () => {
        checkTopCounters(prefix, topOptions);
        if (topOptions.limit === 0) return [];
        const { text, values } = topCountersQuery(s, prefix, topOptions);
        return (await pool.query<CounterEntry>(text, values)).rows;
      }),
    compactRecords: (compactOptions) =>
      call(async () => {
        checkCompactRecords(compactOptions);
        if (compactOptions.before === Number.NEGATIVE_INFINITY) return 0;
        const { rowCount } = await pool.query(compactRecordsSql(s), [
          beforeBound(compactOptions.before),
          compactOptions.limit ?? null,
        ]);
        return rowCount ?? 0;
      }),
    compactOutbox: (compactOptions) =>
      call(async () => {
        checkCompactOutbox(compactOptions);
        if (compactOptions.before === Number.NEGATIVE_INFINITY) return 0;
        return outbox.compact(beforeBound(compactOptions.before), compactOptions.limit ?? null);
      }),
    claimTimers: (claim) => call(() => timers.claim(claim)),
    listTimers: (filter = {}) => call(() => timers.list(filter)),
    releaseTimer: (release) => call(() => timers.release(release)),
    claimMessages: (claim) => call(() => outbox.claim(claim)),
    ackMessage: (id, lease, now) => call(() => outbox.ack(id, lease, now)),
    retryMessage: (id, lease, update) => call(() => outbox.retry(id, lease, update)),
    deadLetterMessage: (id, lease, update) => call(() => outbox.deadLetter(id, lease, update)),
    listMessages: (filter = {}) => call(() => outbox.list(filter)),
    forgetUser: (userId, pseudonym, options = {}) =>
      call(() =>
        locked([userKey(userId)], async (open) => {
          cache.drop(userKey(userId));
          return forgetUserIn(await open.begin(), s, userId, pseudonym, options);
        }),
      ),
    async close() {
      if (closed) return;
      closed = true;
      if (owned)
        await pool.end().catch((cause: unknown) => Promise.reject(toEngageLoopError(cause, 'STORE_ERROR')));
    },
  };
  registerFaults(store, faults);
  return store;
}
