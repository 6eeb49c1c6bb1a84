import { EngageLoopError, type RecordedOutcome, type StoreTransaction } from '@engageloop/core';
import type { Committer, StagedCommit } from './commit';
import type { Prepare } from './statements';

/** What a unit of work needs from the store that opened it. */
export interface TransactionContext {
  keys: ReadonlySet<string>;
  prepare: Prepare;
  committer: Committer;
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

const violation = (message: string, data?: Record<string, unknown>) =>
  new EngageLoopError('STORE_CONTRACT_VIOLATION', { message, ...(data ? { data } : {}) });

/**
 * Creates the `StoreTransaction` handed to `transact`'s work. Reads see committed data; `commit` checks and
 * stages the write, which is applied as one SQLite transaction only when the work returns.
 */
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

export function createSqliteTransaction(ctx: TransactionContext): OpenTransaction {
  let ended = false;
  let committed = false;
  let staged: StagedCommit | undefined;
  const { keys, prepare, guard } = ctx;

  const run = <T>(work: () => T): Promise<T> =>
    new Promise<T>((resolve) => {
      if (ended) throw violation('The unit of work is over; its transaction can no longer be used.');
      resolve(guard(work));
    });

  const checkLocked = (key: string): void => {
    if (!keys.has(key)) throw violation(`Key "${key}" is not locked by this unit of work.`, { key });
  };

  const tx: StoreTransaction = {
    recorded: (key) =>
      run(() => {
        const row = prepare('SELECT * FROM outcomes WHERE event_id = ?').get(key) as OutcomeRow | undefined;
        return row === undefined ? undefined : recordOf(row);
      }),
    recordedMany: (wanted) =>
      run(() => {
        const found = new Map<string, RecordedOutcome>();
        const select = prepare('SELECT * FROM outcomes WHERE event_id = ?');
        for (const key of wanted) {
          const row = select.get(key) as OutcomeRow | undefined;
          if (row !== undefined) found.set(key, recordOf(row));
        }
        return found;
      }),
    load: (wanted) =>
      run(() => {
        for (const key of wanted) checkLocked(key);
        const found = new Map<string, unknown>();
        const select = prepare('SELECT value FROM docs WHERE key = ?');
        for (const key of wanted) {
          const row = select.get(key) as { value: string } | undefined;
          if (row !== undefined) found.set(key, JSON.parse(row.value) as unknown);
        }
        return found;
      }),
    counters: (wanted) =>
      run(() => {
        const values = new Map<string, number>();
        const select = prepare('SELECT value FROM counters WHERE key = ?');
        for (const key of wanted) {
          const row = select.get(key) as { value: number } | undefined;
          values.set(key, row?.value ?? 0);
        }
        return values;
      }),
    existingMessages: (dedupeKeys) =>
      run(() => {
        const existing = new Set<string>();
        const select = prepare('SELECT 1 FROM outbox WHERE dedupe_key = ?');
        for (const key of dedupeKeys) if (select.get(key) !== undefined) existing.add(key);
        return existing;
      }),
    commit: (write) =>
      run(() => {
        if (committed) throw violation('A unit of work commits at most once.');
        for (const { key } of write.docs) checkLocked(key);
        committed = true;
        staged = ctx.committer.stage(write);
        return staged.result;
      }),
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
