import {
  EngageLoopError,
  type RecordedOutcome,
  recordsOf,
  type StoreTransaction,
  toEngageLoopError,
} from '@engageloop/core';
import type { CommittedDocs, StagedDocs } from '@engageloop/core/internal';
import pg, { type PoolClient } from 'pg';
import { commitValues, duplicatesOf, writtenDocs } from './commit';
import type { PostgresFaults } from './faults';
import { CONFLICT_SQLSTATE } from './final-commit';
import type { OpenRow, Session } from './session';
import type { PgStatements } from './statements';

export interface OpenPgTransaction {
  tx: StoreTransaction;
  /** Ends the unit of work: any later call on `tx` is a contract violation. */
  end(): void;
  /** A commit failed: the database transaction must roll back, whatever the work did with the error. */
  readonly failed: boolean;
  /** Opens the database transaction (locks taken) and hands its connection to the store's own statements. */
  begin(): Promise<PoolClient>;
  /** The documents its commit wrote, for the cache once the transaction COMMITted (`CommittedDocs.committed`). */
  readonly staged: StagedDocs;
}

export interface PgTransactionOptions {
  session: Session;
  statements: PgStatements;
  keys: ReadonlySet<string>;
  lockNames: readonly string[];
  isClosed: () => boolean;
  faults: PostgresFaults;
  /** The documents this process committed: a document whose text is unchanged is read without parsing (`docFrom`). */
  cache: CommittedDocs;
}

/** The commit call's row: the dedupe keys enqueued, or `null` and the record key found taken. */
interface CommitRow {
  enqueued: string[] | null;
  conflict: string | null;
}

/** An `outcomes` row (`event_id` holds the record key). */
interface OutcomeRow {
  event_id: string;
  user_id: string;
  outcome: string;
  committed_at: string;
  fingerprint: string | null;
}

interface Opened {
  /** The record keys asked for when the transaction opened. */
  asked: ReadonlySet<string>;
  /** The rows of their outcomes found (parsed on each read: every read hands out a fresh copy). */
  outcomes: Map<string, OutcomeRow>;
  /** JSON text of every locked document found. */
  docs: Map<string, string>;
  /** What the open read is still what the database holds: until this unit of work commits. */
  current: boolean;
}

/** `pg`'s parser of a `text[]` column's text (type oid 1009). */
const parseTextArray = (pg.types.getTypeParser as (oid: number) => (text: string) => string[])(1009);

/**
 * Document `key` from the text its row holds: the value this process committed (`CommittedDocs`) while that text
 * is exactly the one it wrote, else parsed. Right with any number of instances on the database: the text always
 * comes from the database (the open read), so a document another instance, an erasure or a rolled-back commit of
 * ours left with another text is parsed, and the entry dropped.
 */
function docFrom(cache: CommittedDocs, key: string, text: string): unknown {
  const hit = cache.get(key);
  if (hit !== undefined) {
    if (hit.text === text) return hit.value;
    cache.drop(key);
  }
  return JSON.parse(text) as unknown;
}

const violation = (message: string, data?: Record<string, unknown>) =>
  new EngageLoopError('STORE_CONTRACT_VIOLATION', { message, ...(data ? { data } : {}) });

const toOutcome = (row: OutcomeRow): RecordedOutcome => {
  const recorded: RecordedOutcome = {
    key: row.event_id,
    userId: row.user_id,
    outcome: JSON.parse(row.outcome) as unknown,
    committedAt: Number(row.committed_at),
  };
  if (row.fingerprint !== null) recorded.fingerprint = row.fingerprint;
  return recorded;
};

function opened(asked: readonly string[], rows: readonly OpenRow[]): Opened {
  const docs = new Map<string, string>();
  const outcomes = new Map<string, OutcomeRow>();
  for (const [kind, key, value, user, at, fingerprint] of rows) {
    if (key === null || value === null) continue;
    if (kind === 'doc') docs.set(key, value);
    else
      outcomes.set(key, {
        event_id: key,
        user_id: user ?? '',
        outcome: value,
        committed_at: at ?? '0',
        fingerprint,
      });
  }
  return { asked: new Set(asked), outcomes, docs, current: true };
}

/**
 * The `StoreTransaction` of one unit of work. Its first call opens the database transaction in one round
 * trip (BEGIN, the keys' advisory locks, the recorded outcomes asked for — a batch's first call asks for all
 * its events — every locked document); later reads of those are answered from that result until the commit,
 * other reads are prepared statements, and the commit is one call of `engageloop_commit7` that writes every
 * record of the batch with the rest. The commit becomes durable when the work returns; a final commit
 * (`CommitOptions.final`, what the engine sends) calls it with `p_final` and `COMMIT` behind it in the same
 * round trip, and is durable when it resolves.
 */
export function createPgTransaction(options: PgTransactionOptions): OpenPgTransaction {
  const { session, statements, keys } = options;
  const client = session.client;
  let ended = false;
  let committed = false;
  let failed = false;
  let opening: Promise<Opened> | undefined;
  let staged: StagedDocs = [];

  const open = (recordKeys: readonly string[] = []): Promise<Opened> => {
    opening ??= session
      .open(options.lockNames, recordKeys, [...keys])
      .then((rows) => opened(recordKeys, rows));
    return opening;
  };
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    if (options.isClosed()) throw new EngageLoopError('STORE_CLOSED');
    if (ended) throw violation('The unit of work is over; its transaction can no longer be used.');
    try {
      return await work();
    } catch (thrown) {
      throw toEngageLoopError(thrown, 'STORE_ERROR');
    }
  };
  const checkLocked = (key: string): void => {
    if (!keys.has(key)) throw violation(`Key "${key}" is not locked by this unit of work.`, { key });
  };
  const select = async <R extends object>(query: { name: string; text: string }, values: unknown[]) =>
    (await client.query<R>({ ...query, values })).rows;
  /** The commit and COMMIT in one round trip; a record key taken raises `CONFLICT_SQLSTATE` (nothing committed). */
  const finalCommit = async (values: unknown[]): Promise<CommitRow[]> => {
    try {
      const rows = await session.finish(statements.finalCommit, values);
      return rows.map(([enqueued, conflict]) => ({
        enqueued: enqueued === null || enqueued === undefined ? null : parseTextArray(enqueued),
        conflict: conflict ?? null,
      }));
    } catch (error) {
      const { code, detail } = error as { code?: unknown; detail?: unknown };
      if (code === CONFLICT_SQLSTATE) throw new EngageLoopError('STORE_CONFLICT', { data: { key: detail } });
      throw error;
    }
  };

  /** The outcomes recorded under `wanted`: from the open read when it asked for them all, else one query. */
  const recordedUnder = async (wanted: readonly string[]): Promise<Map<string, RecordedOutcome>> => {
    const first = await open(wanted);
    if (first.current && wanted.every((key) => first.asked.has(key))) {
      const found = new Map<string, RecordedOutcome>();
      for (const key of wanted) {
        const row = first.outcomes.get(key);
        if (row !== undefined) found.set(key, toOutcome(row));
      }
      return found;
    }
    const rows = await select<OutcomeRow>(statements.recordedMany, [[...wanted]]);
    return new Map(rows.map((row) => [row.event_id, toOutcome(row)]));
  };

  const tx: StoreTransaction = {
    recorded: (key) => run(async () => (await recordedUnder([key])).get(key)),
    recordedMany: (wanted) => run(() => recordedUnder(wanted)),
    load: (wanted) =>
      run(async () => {
        for (const key of wanted) checkLocked(key);
        const first = await open();
        const docs = first.current
          ? first.docs
          : new Map(
              (await select<{ key: string; value: string }>(statements.load, [[...wanted]])).map((row) => [
                row.key,
                row.value,
              ]),
            );
        const found = new Map<string, unknown>();
        for (const key of wanted) {
          const text = docs.get(key);
          if (text !== undefined) found.set(key, docFrom(options.cache, key, text));
        }
        return found;
      }),
    counters: (wanted) =>
      run(async () => {
        if (wanted.length === 0) return new Map<string, number>();
        await open();
        const rows = await select<{ key: string; value: number }>(statements.counters, [[...wanted]]);
        const byKey = new Map(rows.map((row) => [row.key, row.value]));
        return new Map(wanted.map((key) => [key, byKey.get(key) ?? 0]));
      }),
    existingMessages: (dedupeKeys) =>
      run(async () => {
        if (dedupeKeys.length === 0) return new Set<string>();
        await open();
        const rows = await select<{ dedupe_key: string }>(statements.existingMessages, [[...dedupeKeys]]);
        return new Set(rows.map((row) => row.dedupe_key));
      }),
    commit: (write, commitOptions) =>
      run(async () => {
        if (committed) throw violation('A unit of work commits at most once.');
        for (const { key } of write.docs) checkLocked(key);
        committed = true;
        const first = await open();
        try {
          const records = recordsOf(write);
          if (records.length > 1) {
            const given = new Set<string>();
            for (const { key } of records) {
              if (given.has(key)) throw new EngageLoopError('STORE_CONFLICT', { data: { key } });
              given.add(key);
            }
          }
          // The injected fault fails after the writes, inside the transaction: never with COMMIT sent behind them.
          const final = commitOptions?.final === true && !options.faults.failNextCommit;
          const docs = writtenDocs(write);
          const values = commitValues(write, docs);
          staged = options.cache.stage(docs.docs, docs.texts);
          const rows = final ? await finalCommit(values) : await select<CommitRow>(statements.commit, values);
          first.current = false;
          // Committed: the transaction can no longer be used.
          if (final) ended = true;
          const row = rows[0];
          if (row === undefined || row.enqueued === null)
            throw new EngageLoopError('STORE_CONFLICT', { data: { key: row?.conflict ?? records[0]?.key } });
          if (options.faults.failNextCommit) {
            options.faults.failNextCommit = false;
            throw new Error('Injected commit failure.');
          }
          return { duplicateMessages: duplicatesOf(write, row.enqueued) };
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
  };

  return {
    tx,
    end: () => {
      ended = true;
    },
    get failed() {
      return failed;
    },
    get staged() {
      return staged;
    },
    begin: () =>
      run(async () => {
        await open();
        return client;
      }),
  };
}
