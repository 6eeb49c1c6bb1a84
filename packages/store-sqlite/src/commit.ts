import {
  type CommitResult,
  type CommitWrite,
  EngageLoopError,
  type OutboxMessage,
  recordsOf,
} from '@engageloop/core';
import { messageColumns, timerColumns } from '@engageloop/core/internal';
import type { Database } from 'better-sqlite3';
import type { SqliteFaults } from './faults';
import type { Prepare } from './statements';

const SQL = {
  outcomeExists: 'SELECT 1 FROM outcomes WHERE event_id = ?',
  messageExists: 'SELECT 1 FROM outbox WHERE dedupe_key = ?',
  insertOutcome: `INSERT INTO outcomes (event_id, user_id, outcome, committed_at, fingerprint)
    VALUES (@event_id, @user_id, @outcome, @committed_at, @fingerprint) ON CONFLICT (event_id) DO NOTHING`,
  upsertDoc: `INSERT INTO docs (key, value) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = docs.version + 1`,
  deleteDoc: 'DELETE FROM docs WHERE key = ?',
  addCounter: `INSERT INTO counters (key, value) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET value = counters.value + excluded.value`,
  insertMessage: `INSERT INTO outbox (id, dedupe_key, user_id, kind, topic, channel, locale, subject, body, data,
      event_id, rule_id, plugin, created_at, not_before, transactional, status, attempts, next_attempt_at)
    VALUES (@id, @dedupe_key, @user_id, @kind, @topic, @channel, @locale, @subject, @body, @data,
      @event_id, @rule_id, @plugin, @created_at, @not_before, @transactional, 'pending', 0, @next_attempt_at)
    ON CONFLICT (dedupe_key) DO NOTHING`,
  cancelMessage: `UPDATE outbox SET status = 'cancelled', lease = NULL, lease_until = NULL
    WHERE dedupe_key = ? AND status = 'pending'`,
  scheduleTimer: `INSERT INTO timers (id, user_id, type, due_at, payload, plugin, event_id)
    VALUES (@id, @user_id, @type, @due_at, @payload, @plugin, @event_id)
    ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, type = excluded.type, due_at = excluded.due_at,
      payload = excluded.payload, plugin = excluded.plugin, event_id = excluded.event_id,
      lease_owner = NULL, lease_until = NULL, attempts = 0`,
  cancelTimer: 'DELETE FROM timers WHERE id = ?',
  completeTimer: 'DELETE FROM timers WHERE id = ? AND due_at = ?',
} as const;

/** A commit accepted by `stage`, waiting for its unit of work to end. */
export interface StagedCommit {
  readonly result: CommitResult;
  /** Writes it as ONE SQLite transaction (all or nothing), then frees its reservations. */
  apply(): void;
  /** Frees its reservations without writing. */
  discard(): void;
}

export interface Committer {
  /**
   * Checks a unit of work's write against the database and against writes staged by units of work still
   * running (a record key already recorded → `STORE_CONFLICT`; dedupe keys taken → reported as duplicates),
   * and reserves its event id and new dedupe keys until it is applied or discarded.
   */
  stage(write: CommitWrite): StagedCommit;
}

/** A write turned into statement parameters at stage time: later changes to the caller's objects don't count. */
interface Serialised {
  records: Array<Record<string, unknown>>;
  docs: Array<[key: string, json: string | null]>;
  counters: Array<[key: string, delta: number]>;
  cancelMessages: string[];
  messages: Array<Record<string, unknown>>;
  complete: Array<[id: string, dueAt: number]>;
  cancelTimers: string[];
  schedule: Array<Record<string, unknown>>;
}

/** The first message per dedupe key (a later one under the same key is a duplicate of it). */
const firstPerKey = (messages: readonly OutboxMessage[]): OutboxMessage[] => {
  const seen = new Set<string>();
  return messages.filter((m) => !seen.has(m.dedupeKey) && seen.add(m.dedupeKey));
};

const serialise = (w: CommitWrite, enqueue: ReadonlySet<string>): Serialised => ({
  records: recordsOf(w).map((r) => ({
    event_id: r.key,
    user_id: r.userId,
    outcome: JSON.stringify(r.outcome ?? null),
    committed_at: r.committedAt,
    fingerprint: r.fingerprint ?? null,
  })),
  docs: w.docs.map(({ key, value }) => [key, value === null ? null : JSON.stringify(value)]),
  counters: w.counters.map(({ key, delta }) => [key, delta]),
  cancelMessages: [...w.cancelMessages],
  messages: firstPerKey(w.messages.filter((m) => enqueue.has(m.dedupeKey))).map(messageColumns),
  complete: w.timers.complete.map(({ id, dueAt }) => [id, dueAt]),
  cancelTimers: [...w.timers.cancel],
  schedule: w.timers.schedule.map(timerColumns),
});

export function createCommitter(db: Database, prepare: Prepare, faults: SqliteFaults): Committer {
  const reservedEvents = new Set<string>();
  const reservedDedupe = new Set<string>();

  const write = db.transaction((w: Serialised): void => {
    for (const [key, json] of w.docs) {
      if (json === null) prepare(SQL.deleteDoc).run(key);
      else prepare(SQL.upsertDoc).run(key, json);
    }
    for (const [key, delta] of w.counters) prepare(SQL.addCounter).run(key, delta);
    for (const dedupeKey of w.cancelMessages) prepare(SQL.cancelMessage).run(dedupeKey);
    for (const message of w.messages) prepare(SQL.insertMessage).run(message);
    for (const [id, dueAt] of w.complete) prepare(SQL.completeTimer).run(id, dueAt);
    for (const id of w.cancelTimers) prepare(SQL.cancelTimer).run(id);
    for (const timer of w.schedule) prepare(SQL.scheduleTimer).run(timer);
    // Another connection to the file may have recorded the event meanwhile: the insert is the last check.
    for (const record of w.records) {
      if (prepare(SQL.insertOutcome).run(record).changes === 0) {
        throw new EngageLoopError('STORE_CONFLICT', { data: { key: record.event_id } });
      }
    }
    if (faults.failNextCommit) {
      faults.failNextCommit = false;
      throw new Error('Injected commit failure.');
    }
  });

  return {
    stage(input) {
      const recordKeys = recordsOf(input).map((r) => r.key);
      const given = new Set<string>();
      for (const recordKey of recordKeys) {
        const known =
          given.has(recordKey) ||
          reservedEvents.has(recordKey) ||
          prepare(SQL.outcomeExists).get(recordKey) !== undefined;
        if (known) throw new EngageLoopError('STORE_CONFLICT', { data: { key: recordKey } });
        given.add(recordKey);
      }
      const enqueue = new Set<string>();
      const duplicateMessages: string[] = [];
      for (const { dedupeKey } of input.messages) {
        const taken =
          enqueue.has(dedupeKey) ||
          reservedDedupe.has(dedupeKey) ||
          prepare(SQL.messageExists).get(dedupeKey) !== undefined;
        if (taken) duplicateMessages.push(dedupeKey);
        else enqueue.add(dedupeKey);
      }
      const staged = serialise(input, enqueue);
      for (const recordKey of recordKeys) reservedEvents.add(recordKey);
      for (const key of enqueue) reservedDedupe.add(key);
      let settled = false;
      const discard = (): void => {
        if (settled) return;
        settled = true;
        for (const recordKey of recordKeys) reservedEvents.delete(recordKey);
        for (const key of enqueue) reservedDedupe.delete(key);
      };
      return {
        result: { duplicateMessages },
        apply() {
          try {
            write(staged);
          } finally {
            discard();
          }
        },
        discard,
      };
    },
  };
}
