import {
  EngageLoopError,
  type RecordedOutcome,
  type StoreTransaction,
  type SyncStoreTransaction,
} from '@engageloop/core';
import type { CommittedDocs } from '@engageloop/core/internal';
import type { Committer, StagedCommit, UnrecordedKeys } from './commit';
import { keysJoin } from './queries';
import type { Prepare } from './statements';

/** What a unit of work needs from the store that opened it. */
export interface TransactionContext {
  keys: ReadonlySet<string>;
  prepare: Prepare;
  committer: Committer;
  /** The documents last written, read back without parsing. */
  cache: CommittedDocs;
  /** Checks the store is open and turns database failures into `STORE_ERROR`. */
  guard: <T>(work: () => T) => T;
}

export interface OpenTransaction {
  tx: StoreTransaction;
  /** The work returned: writes the staged commit (if any) as one SQLite transaction. */
  finish(): void;
  /** The work threw: drops the staged commit. */
  abandon(): void;
}

interface OutcomeRow {
  /** The record key (see `RecordedOutcome.key`). */
  event_id: string;
  user_id: string;
  outcome: string;
  committed_at: number;
  fingerprint: string | null;
}

/**
 * Reads of a unit of work: one key by `=`, several as one JSON array (`json_each`, see `keysJoin`): one statement
 * either way. A key given twice may give its row twice: each read keeps rows by key.
 */
const SQL = {
  outcome: 'SELECT * FROM outcomes WHERE event_id = ?',
  outcomes: `SELECT o.* FROM ${keysJoin('outcomes', 'o', 'event_id')}`,
  doc: 'SELECT key, value FROM docs WHERE key = ?',
  docs: `SELECT d.key, d.value FROM ${keysJoin('docs', 'd', 'key')}`,
  counter: 'SELECT key, value FROM counters WHERE key = ?',
  counters: `SELECT c.key, c.value FROM ${keysJoin('counters', 'c', 'key')}`,
  message: 'SELECT dedupe_key FROM outbox WHERE dedupe_key = ?',
  messages: `SELECT m.dedupe_key FROM ${keysJoin('outbox', 'm', 'dedupe_key')}`,
} as const;

const violation = (message: string, data?: Record<string, unknown>) =>
  new EngageLoopError('STORE_CONTRACT_VIOLATION', { message, ...(data ? { data } : {}) });

const recordOf = (row: OutcomeRow): RecordedOutcome => {
  const recorded: RecordedOutcome = {
    key: row.event_id,
    userId: row.user_id,
    outcome: JSON.parse(row.outcome) as unknown,
    committedAt: row.committed_at,
  };
  if (row.fingerprint !== null) recorded.fingerprint = row.fingerprint;
  return recorded;
};

/**
 * Creates the `StoreTransaction` handed to `transact`'s work, with its synchronous face (`tx.sync`: the
 * driver answers at once, so a batch makes no promise per store call). Reads see committed data, each in one
 * statement whatever the number of keys; `commit` checks and stages the write, which is applied as one SQLite
 * transaction of multi-row statements only when the work returns.
 */
export function createSqliteTransaction(ctx: TransactionContext): OpenTransaction {
  let ended = false;
  let committed = false;
  let staged: StagedCommit | undefined;
  const { keys, prepare, guard, committer } = ctx;
  /** Record keys read and found unrecorded, at the committer's epoch of that read (see `Committer.stage`). */
  const unrecorded = { epoch: committer.recordsEpoch, keys: new Set<string>() } satisfies UnrecordedKeys;
  const noteUnrecorded = (key: string): void => {
    if (unrecorded.epoch !== committer.recordsEpoch) {
      unrecorded.epoch = committer.recordsEpoch;
      unrecorded.keys.clear();
    }
    unrecorded.keys.add(key);
  };

  /** Runs a read or the commit now: the unit of work must still be open. */
  const now = <T>(work: () => T): T => {
    if (ended) throw violation('The unit of work is over; its transaction can no longer be used.');
    return guard(work);
  };
  /** The promise face: what `work` (a synchronous method) returns, or rejects with what it throws. */
  const later = <T>(work: () => T): Promise<T> => new Promise<T>((resolve) => resolve(work()));

  const checkLocked = (key: string): void => {
    if (!keys.has(key)) throw violation(`Key "${key}" is not locked by this unit of work.`, { key });
  };

  /** Rows of `one` (a single key) or `many` (a JSON array of keys). */
  const rowsOf = <R>(one: string, many: string, wanted: readonly string[]): R[] => {
    if (wanted.length === 0) return [];
    if (wanted.length === 1) return prepare(one).all(wanted[0]) as R[];
    return prepare(many).all(JSON.stringify(wanted)) as R[];
  };

  const sync: SyncStoreTransaction = {
    recorded: (key) =>
      now(() => {
        const row = prepare(SQL.outcome).get(key) as OutcomeRow | undefined;
        if (row === undefined) noteUnrecorded(key);
        return row === undefined ? undefined : recordOf(row);
      }),
    recordedMany: (wanted) =>
      now(() => {
        const found = new Map<string, RecordedOutcome>();
        for (const row of rowsOf<OutcomeRow>(SQL.outcome, SQL.outcomes, wanted))
          found.set(row.event_id, recordOf(row));
        for (const key of wanted) if (!found.has(key)) noteUnrecorded(key);
        return found;
      }),
    load: (wanted) =>
      now(() => {
        const found = new Map<string, unknown>();
        const missed: string[] = [];
        for (const key of wanted) {
          checkLocked(key);
          // The file is this process's alone (`locking_mode=EXCLUSIVE`): what it committed last is still true.
          const cached = ctx.cache.get(key);
          if (cached === undefined) missed.push(key);
          else found.set(key, cached.value);
        }
        for (const row of rowsOf<{ key: string; value: string }>(SQL.doc, SQL.docs, missed))
          found.set(row.key, JSON.parse(row.value) as unknown);
        return found;
      }),
    counters: (wanted) =>
      now(() => {
        const stored = new Map<string, number>();
        for (const row of rowsOf<{ key: string; value: number }>(SQL.counter, SQL.counters, wanted))
          stored.set(row.key, row.value);
        return new Map(wanted.map((key) => [key, stored.get(key) ?? 0]));
      }),
    commit: (write) =>
      now(() => {
        if (committed) throw violation('A unit of work commits at most once.');
        for (const { key } of write.docs) checkLocked(key);
        committed = true;
        staged = committer.stage(write, unrecorded);
        return staged.result;
      }),
  };

  const tx: StoreTransaction = {
    recorded: (key) => later(() => sync.recorded(key)),
    recordedMany: (wanted) => later(() => sync.recordedMany(wanted)),
    load: (wanted) => later(() => sync.load(wanted)),
    counters: (wanted) => later(() => sync.counters(wanted)),
    existingMessages: (dedupeKeys) =>
      later(() =>
        now(() => {
          const rows = rowsOf<{ dedupe_key: string }>(SQL.message, SQL.messages, dedupeKeys);
          return new Set(rows.map((row) => row.dedupe_key));
        }),
      ),
    commit: (write) => later(() => sync.commit(write)),
    sync,
  };

  return {
    tx,
    finish() {
      ended = true;
      if (staged !== undefined) guard(() => staged?.apply());
    },
    abandon() {
      ended = true;
      staged?.discard();
    },
  };
}
