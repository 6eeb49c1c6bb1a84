import {
  type CommitResult,
  type CommitWrite,
  cancelledAt,
  EngageLoopError,
  type OutboxMessage,
  recordsOf,
} from '@engageloop/core';
import { type CommittedDocs, type StagedDocs, timerPayloadColumn } from '@engageloop/core/internal';
import type { Database } from 'better-sqlite3';
import type { SqliteFaults } from './faults';
import { messageRow } from './outbox';
import { keysJoin } from './queries';
import { rowStatement, runRows, upsertEach, upsertRows } from './rows';
import type { Prepare } from './statements';
import { createTextBytes } from './texts';
import { STORED_GENERATION } from './timers';

/**
 * Statements over a set of keys, passed as one JSON array (`json_each`): one statement whatever the count. A read
 * of several keys walks the array and looks each key up (`keysJoin`), rather than `key IN (SELECT value FROM
 * json_each(?))`, for which SQLite first builds a temporary b-tree of the keys.
 */
export const SQL = {
  outcomesIn: `SELECT o.event_id FROM ${keysJoin('outcomes', 'o', 'event_id')}`,
  outcome: 'SELECT event_id FROM outcomes WHERE event_id = ?',
  messagesIn: `SELECT m.dedupe_key FROM ${keysJoin('outbox', 'm', 'dedupe_key')}`,
  message: 'SELECT dedupe_key FROM outbox WHERE dedupe_key = ?',
  deleteDocs: 'DELETE FROM docs WHERE key IN (SELECT value FROM json_each(?))',
  // `+status`: SQLite would otherwise pick the `(status, next_attempt_at)` index and visit every pending message
  // of the outbox on each commit (a cost that grew with history: 4 → 40 µs per event on the history bench); the
  // unary plus keeps it on the dedupe key's unique index (see queryPlans in sqlite-store.test.ts).
  // A cancel finishes the message at the commit's time (`?1`, see `cancelledAt`; NULL keeps the time it was due).
  cancelMessages: `UPDATE OR ROLLBACK outbox SET status = 'cancelled', lease = NULL, lease_until = NULL,
      next_attempt_at = coalesce(?, next_attempt_at)
    WHERE dedupe_key IN (SELECT value FROM json_each(?)) AND +status = 'pending'`,
  cancelTimers: 'DELETE FROM timers WHERE id IN (SELECT value FROM json_each(?))',
  // Rows of large texts, one a statement (see `ROWS`). A document: both of the row `[value, key]` in that order,
  // the value as text or as its UTF-8 bytes (`TextBytes`).
  updateDoc: 'UPDATE OR ROLLBACK docs SET value = CAST(? AS TEXT), version = version + 1 WHERE key = ?',
  insertDoc: `INSERT OR ROLLBACK INTO docs (value, key) VALUES (CAST(? AS TEXT), ?)
    ON CONFLICT (key) DO NOTHING`,
} as const;

/**
 * Multi-row writes: one statement per chunk of rows (see `rows.ts`), none of which needs a statement journal.
 * SQLite keeps one for a statement of a transaction that writes many rows and could fail half-way with an
 * ABORT (a NOT NULL or UNIQUE constraint, or an upsert's `DO UPDATE`): before it first changes a page, it copies
 * the page there, to undo the statement alone. A batch's statements change most pages of the documents and of
 * the keys' indexes, so that copied about 2.5 pages per event (16 KiB each, to a temporary file: 14,194 writes of
 * a page for 12,000 events of the stores' workload, 3 × what the WAL got). Our failure undoes the whole
 * transaction anyway (`write` below), so `OR ROLLBACK` says so, and an upsert is an `UPDATE … FROM (VALUES …)`
 * of the keys that exist, then an `INSERT … DO NOTHING` of the chunk when some did not (`upsertRows`).
 * Documents are the exception, one per statement (`upsertEach`, `SQL.updateDoc`). SQLite alone, 500 rows per
 * transaction, µs CPU per row, three runs each: documents of ~3.5 KB 13.3–13.9 as chunks → 6.4–6.7 one by one;
 * outbox messages (18 short columns) the other way, 7.1–8.2 as chunks → 7.7–9.0 one by one. Outcomes of ~730
 * bytes measured 8.4–10.0 as chunks → 7.1–7.8 one by one then (values bound as one array each); as chunks they
 * are now cheaper: SQLite batch row, callgrind, 10,000 events, per event 523,932 → 514,397 instructions and a
 * cycle estimate 655,578 → 636,101 (first-level misses 11,938 → 11,033). A chunk tells only how many rows it
 * inserted: a record key found taken is named by writing again one outcome per statement (`writeStaged`).
 * A chunk of ONE row runs the statement's `single` form where it has one: SQLite materialises a one-row
 * `VALUES` list (`MATERIALIZE v` in the plan; two rows or more it scans in place), so an `UPDATE … FROM` of one
 * row cost 21.0–21.2 µs CPU against 1.3 for `UPDATE … WHERE key = ?` (counters of 5,000 keys, SQLite alone).
 */
export const ROWS = {
  updateCounters: rowStatement(
    2,
    (values) => `UPDATE OR ROLLBACK counters SET value = counters.value + v.column2
      FROM (VALUES ${values}) AS v WHERE counters.key = v.column1`,
    { sql: 'UPDATE OR ROLLBACK counters SET value = value + ? WHERE key = ?', order: [1, 0] },
  ),
  insertCounters: rowStatement(
    2,
    (values) => `INSERT OR ROLLBACK INTO counters (key, value) VALUES ${values} ON CONFLICT (key) DO NOTHING`,
  ),
  // The outcome as text or as its UTF-8 bytes (`TextBytes`).
  insertOutcomes: rowStatement(
    5,
    (values) => `INSERT OR ROLLBACK INTO outcomes (event_id, user_id, outcome, committed_at, fingerprint)
      VALUES ${values} ON CONFLICT (event_id) DO NOTHING`,
    undefined,
    '(?, ?, CAST(? AS TEXT), ?, ?)',
  ),
  // A message as `messageRow` has it: its status written here, its data `{}` when bound as NULL.
  insertMessages: rowStatement(
    17,
    (
      values,
    ) => `INSERT OR ROLLBACK INTO outbox (id, dedupe_key, user_id, kind, topic, channel, locale, subject, body,
        data, event_id, rule_id, plugin, created_at, not_before, transactional, status, next_attempt_at)
      VALUES ${values} ON CONFLICT (dedupe_key) DO NOTHING`,
    undefined,
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, '{}'), ?, ?, ?, ?, ?, ?, 'pending', ?)",
  ),
  // A fired timer `[id, dueAt, generation]` (`''` for none): deleted while still that arming (the row found by
  // `timers_due` (due_at, id), then its generation read: `STORED_GENERATION`).
  completeTimers: rowStatement(
    3,
    (values) => `DELETE FROM timers WHERE (id, due_at, ${STORED_GENERATION}) IN (VALUES ${values})`,
    { sql: `DELETE FROM timers WHERE id = ? AND due_at = ? AND ${STORED_GENERATION} = ?`, order: [0, 1, 2] },
  ),
  // A rescheduled timer keeps its user: `user_id` stays out of the SET list, since SQLite rewrites the entry of
  // every index over a column it sets, even to the same value (one more page of `timers_user` dirtied per timer,
  // SQLite alone 69 → 51 µs per rescheduled timer). A timer id that moves to another user is rare: `moveTimers`.
  // One timer (most commits re-arm one to three) takes `single`: an UPDATE by key without a `VALUES` list to
  // join, 16 → 10 µs CPU per call (history-profile's statement line, 3 calls per event, first slice of 20k events).
  updateTimers: rowStatement(
    7,
    (values) => `UPDATE OR ROLLBACK timers SET type = v.column3, due_at = v.column4, payload = v.column5,
        plugin = v.column6, event_id = v.column7, lease_owner = NULL, lease_until = NULL, attempts = 0
      FROM (VALUES ${values}) AS v WHERE timers.id = v.column1 AND timers.user_id = v.column2`,
    {
      sql: `UPDATE OR ROLLBACK timers SET type = ?, due_at = ?, payload = ?, plugin = ?, event_id = ?,
          lease_owner = NULL, lease_until = NULL, attempts = 0
        WHERE id = ? AND user_id = ?`,
      order: [2, 3, 4, 5, 6, 0, 1],
    },
  ),
  moveTimers: rowStatement(
    7,
    (values) => `UPDATE OR ROLLBACK timers SET user_id = v.column2, type = v.column3, due_at = v.column4,
        payload = v.column5, plugin = v.column6, event_id = v.column7, lease_owner = NULL, lease_until = NULL,
        attempts = 0
      FROM (VALUES ${values}) AS v WHERE timers.id = v.column1`,
    {
      sql: `UPDATE OR ROLLBACK timers SET user_id = ?, type = ?, due_at = ?, payload = ?, plugin = ?, event_id = ?,
          lease_owner = NULL, lease_until = NULL, attempts = 0
        WHERE id = ?`,
      order: [1, 2, 3, 4, 5, 6, 0],
    },
  ),
  insertTimers: rowStatement(
    7,
    (values) => `INSERT OR ROLLBACK INTO timers (id, user_id, type, due_at, payload, plugin, event_id)
      VALUES ${values} ON CONFLICT (id) DO NOTHING`,
  ),
};

/** A record key of the write was recorded meanwhile (see `writeStaged`). */
class RecordTaken extends Error {}

/** A commit accepted by `stage`, waiting for its unit of work to end. */
export interface StagedCommit {
  readonly result: CommitResult;
  /** Writes it as ONE SQLite transaction (all or nothing), then frees its reservations. */
  apply(): void;
  /** Frees its reservations without writing. */
  discard(): void;
}

/** Record keys a unit of work read and found unrecorded, and the committer's `recordsEpoch` when it did. */
export interface UnrecordedKeys {
  epoch: number;
  keys: ReadonlySet<string>;
}

export interface Committer {
  /**
   * Checks a unit of work's write against the database and against writes staged by units of work still
   * running (a record key already recorded → `STORE_CONFLICT`; dedupe keys taken → reported as duplicates),
   * and reserves its record keys and new dedupe keys until it is applied or discarded. Record keys in
   * `unrecorded` are not looked up again while no outcome was written since they were read (the epoch).
   */
  stage(write: CommitWrite, unrecorded?: UnrecordedKeys): StagedCommit;
  /**
   * Moves at each change of the recorded outcomes' keys (a commit with records, an erasure): a key read as
   * unrecorded at this epoch is still unrecorded (the file is this process's alone: `locking_mode=EXCLUSIVE`).
   */
  readonly recordsEpoch: number;
  /** Outcomes were re-keyed by other means (an erasure). */
  recordsChanged(): void;
}

/** A write turned into statement parameters at stage time: later changes to the caller's objects don't count. */
interface Serialised {
  /** The documents written, for the cache once the commit is (see `CommittedDocs`). */
  cached: StagedDocs;
  /** `[key, user, outcome text, time, fingerprint]` per record. */
  records: Array<[string, string, string, number, string | null]>;
  deleteDocs: string | undefined;
  /** `[text, key]` per document written (`SQL.updateDoc`). */
  docs: Array<[string, string]>;
  counters: unknown[][];
  cancelMessages: string | undefined;
  /** When the cancelled messages finished (`cancelledAt`). */
  cancelledAt: number | undefined;
  messages: unknown[][];
  complete: unknown[][];
  cancelTimers: string | undefined;
  schedule: unknown[][];
}

/** The last item per key, in the order of their last occurrence (as if the writes were applied one by one). */
const lastByKey = <T>(items: readonly T[], keyOf: (item: T) => string): T[] => {
  if (items.length < 2) return [...items];
  const map = new Map<string, T>();
  for (const item of items) {
    map.delete(keyOf(item));
    map.set(keyOf(item), item);
  }
  return [...map.values()];
};

/** A JSON array of `keys` for `json_each`, or `undefined` when there are none. */
const keyList = (keys: readonly string[]): string | undefined =>
  keys.length === 0 ? undefined : JSON.stringify(keys);

/**
 * The write as rows. Writes that cancel out are resolved here, as applying them one by one would: the last
 * document write per key (a delete is a write of `null`), counter deltas summed per key, the first message
 * per dedupe key (the caller enqueues only those: `enqueue`), the last schedule per timer id.
 */
function serialise(w: CommitWrite, enqueue: readonly OutboxMessage[], cache: CommittedDocs): Serialised {
  const docs = lastByKey(w.docs, (d) => d.key);
  const deltas = new Map<string, number>();
  for (const { key, delta } of w.counters) deltas.set(key, (deltas.get(key) ?? 0) + delta);
  return {
    cached: cache.stage(docs),
    records: recordsOf(w).map((r) => [
      r.key,
      r.userId,
      JSON.stringify(r.outcome ?? null) as string,
      r.committedAt,
      r.fingerprint ?? null,
    ]),
    deleteDocs: keyList(docs.filter((d) => d.value === null).map((d) => d.key)),
    docs: docs.filter((d) => d.value !== null).map((d) => [JSON.stringify(d.value) as string, d.key]),
    counters: [...deltas].map(([key, delta]) => [key, delta]),
    cancelMessages: keyList(w.cancelMessages),
    cancelledAt: w.cancelMessages.length === 0 ? undefined : cancelledAt(w),
    messages: enqueue.map(messageRow),
    complete: w.timers.complete.map(({ id, dueAt, generation }) => [id, dueAt, generation ?? '']),
    cancelTimers: keyList(w.timers.cancel),
    schedule: lastByKey(w.timers.schedule, (t) => t.id).map((t) => [
      t.id,
      t.userId,
      t.type,
      t.dueAt,
      timerPayloadColumn(t),
      t.plugin,
      t.eventId,
    ]),
  };
}

export function createCommitter(
  db: Database,
  prepare: Prepare,
  faults: SqliteFaults,
  cache: CommittedDocs,
): Committer {
  const reservedEvents = new Set<string>();
  const reservedDedupe = new Set<string>();
  let recordsEpoch = 0;
  const bytes = createTextBytes();

  /**
   * One SQLite transaction, one statement per kind of write (per chunk of rows), in the contract's order.
   * `nameTaken`: outcomes one by one, to name a record key found taken (see `writeStaged`).
   */
  const write = db.transaction((w: Serialised, nameTaken: boolean): void => {
    bytes.reset();
    if (w.deleteDocs !== undefined) prepare(SQL.deleteDocs).run(w.deleteDocs);
    upsertEach(prepare, SQL.updateDoc, SQL.insertDoc, w.docs, bytes);
    upsertRows(prepare, ROWS.updateCounters, ROWS.insertCounters, w.counters);
    if (w.cancelMessages !== undefined)
      prepare(SQL.cancelMessages).run(w.cancelledAt ?? null, w.cancelMessages);
    runRows(prepare, ROWS.insertMessages, w.messages);
    runRows(prepare, ROWS.completeTimers, w.complete);
    if (w.cancelTimers !== undefined) prepare(SQL.cancelTimers).run(w.cancelTimers);
    upsertRows(prepare, ROWS.updateTimers, ROWS.insertTimers, w.schedule, ROWS.moveTimers);
    // Another connection to the file may have recorded an event meanwhile: the insert is the last check.
    const records = w.records.map(([key, user, outcome, at, fingerprint]) => [
      key,
      user,
      bytes.kept(outcome),
      at,
      fingerprint,
    ]);
    if (!nameTaken) {
      if (runRows(prepare, ROWS.insertOutcomes, records) < records.length) throw new RecordTaken();
    } else
      for (const record of records)
        if (runRows(prepare, ROWS.insertOutcomes, [record]) === 0)
          throw new EngageLoopError('STORE_CONFLICT', { data: { key: record[0] } });
    if (faults.failNextCommit) {
      faults.failNextCommit = false;
      throw new Error('Injected commit failure.');
    }
  });

  /**
   * Writes a staged commit. The outcomes' chunks tell only how many rows they inserted: when one was taken, that
   * transaction is rolled back and the write runs again with one outcome per statement, which names the key
   * (`STORE_CONFLICT`), or writes it all if the key is free again by then.
   */
  const writeStaged = (w: Serialised): void => {
    try {
      write(w, false);
    } catch (cause) {
      if (!(cause instanceof RecordTaken)) throw cause;
      write(w, true);
    }
  };

  /**
   * Which of `keys` the statement finds in `column`: one statement, `one` for a single key (a commit of one
   * event: an index lookup without parsing a JSON array), else `many` with the keys as one JSON array.
   */
  const found = (one: string, many: string, column: string, keys: readonly string[]): Set<string> => {
    if (keys.length === 0) return new Set();
    const rows = (
      keys.length === 1 ? prepare(one).all(keys[0]) : prepare(many).all(JSON.stringify(keys))
    ) as Array<Record<string, string>>;
    return new Set(rows.map((row) => row[column] as string));
  };

  return {
    get recordsEpoch() {
      return recordsEpoch;
    },
    recordsChanged() {
      recordsEpoch += 1;
    },
    stage(input, unrecorded) {
      const recordKeys = recordsOf(input).map((r) => r.key);
      // A batch read its record keys (replays) just before: those it found unrecorded are not read again.
      const known = unrecorded?.epoch === recordsEpoch ? unrecorded.keys : undefined;
      const unknown = known === undefined ? recordKeys : recordKeys.filter((key) => !known.has(key));
      const recorded = found(SQL.outcome, SQL.outcomesIn, 'event_id', unknown);
      const given = new Set<string>();
      for (const recordKey of recordKeys) {
        if (given.has(recordKey) || reservedEvents.has(recordKey) || recorded.has(recordKey))
          throw new EngageLoopError('STORE_CONFLICT', { data: { key: recordKey } });
        given.add(recordKey);
      }
      const existing = found(
        SQL.message,
        SQL.messagesIn,
        'dedupe_key',
        input.messages.map((m) => m.dedupeKey),
      );
      const enqueue: OutboxMessage[] = [];
      const taken = new Set<string>();
      const duplicateMessages: string[] = [];
      for (const message of input.messages) {
        const { dedupeKey } = message;
        if (taken.has(dedupeKey) || reservedDedupe.has(dedupeKey) || existing.has(dedupeKey))
          duplicateMessages.push(dedupeKey);
        else {
          taken.add(dedupeKey);
          enqueue.push(message);
        }
      }
      const staged = serialise(input, enqueue, cache);
      for (const recordKey of recordKeys) reservedEvents.add(recordKey);
      for (const key of taken) reservedDedupe.add(key);
      let settled = false;
      const discard = (): void => {
        if (settled) return;
        settled = true;
        for (const recordKey of recordKeys) reservedEvents.delete(recordKey);
        for (const key of taken) reservedDedupe.delete(key);
      };
      return {
        result: { duplicateMessages },
        apply() {
          try {
            if (recordKeys.length > 0) recordsEpoch += 1;
            writeStaged(staged);
            cache.committed(staged.cached);
          } finally {
            discard();
          }
        },
        discard,
      };
    },
  };
}
