import {
  counterNamesUser,
  erasedOutcome,
  type ForgetOptions,
  jsonNeedle,
  pseudonymCounterKey,
  pseudonymiseAll,
  pseudonymisedDerived,
  pseudonymiseJson,
  pseudonymiseUnique,
  userKey,
} from '@engageloop/core';
import { QUEUED_MARK, type TimerRow, timerPayloadColumn, toTimerRecord } from '@engageloop/core/internal';
import type { Database } from 'better-sqlite3';
import type { Prepare } from './statements';

interface Row {
  rowid: number;
  id: string;
  event_id: string;
  dedupe_key: string;
  status: string;
}

/**
 * Builds the privacy erasure, as `Store.forgetUser` describes it, in one SQLite transaction: all or nothing.
 * Kept rows are renamed one by one (erasure is rare; each rename checks the new key is free).
 */
export function createForgetUser(
  db: Database,
  prepare: Prepare,
): (userId: string, pseudonym: string, options: ForgetOptions) => void {
  return db.transaction((userId: string, pseudonym: string, options: ForgetOptions) => {
    const taken = (sql: string) => (key: string) => prepare(sql).get(key) !== undefined;
    prepare('DELETE FROM docs WHERE key = ?').run(userKey(userId));
    prepare('DELETE FROM timers WHERE user_id = ?').run(userId);
    // One scan of the outbox (no index by user since migration 8), then each message by its rowid: the unsent
    // ones go, the others are kept under the pseudonym. No index of ids either (migration 10): a renamed id holds
    // the pseudonym, so only ids holding it can clash; they are read once, in a second scan, when one needs
    // checking (a handful of rows, whatever the outbox's size).
    const messages = prepare(
      'SELECT rowid, id, event_id, dedupe_key, status FROM outbox WHERE user_id = ? ORDER BY id',
    ).all(userId) as Row[];
    const unsent = (row: Row) => row.status === 'pending' || row.status === 'cancelled';
    for (const row of messages) if (unsent(row)) prepare('DELETE FROM outbox WHERE rowid = ?').run(row.rowid);
    let ids: Set<string> | undefined;
    const idTaken = (id: string): boolean => {
      ids ??= new Set(
        (prepare('SELECT id FROM outbox WHERE instr(id, ?) > 0').all(pseudonym) as Array<{ id: string }>).map(
          (r) => r.id,
        ),
      );
      return ids.has(id);
    };
    for (const row of messages) {
      if (unsent(row)) continue;
      const renamed = pseudonymiseUnique(row.id, userId, pseudonym, idTaken);
      prepare(
        `UPDATE outbox SET id = ?, user_id = ?, event_id = ?, dedupe_key = ?, body = '', subject = NULL,
           data = '{}', last_error = NULL WHERE rowid = ?`,
      ).run(
        renamed,
        pseudonym,
        pseudonymiseAll(row.event_id, userId, pseudonym),
        pseudonymiseUnique(
          row.dedupe_key,
          userId,
          pseudonym,
          taken('SELECT 1 FROM outbox WHERE dedupe_key = ?'),
        ),
        row.rowid,
      );
      ids?.add(renamed);
    }
    // Both reads of outcomes scan the table (no index by user since migration 6: a page per commit for a rare
    // erasure, which reads every outcome for mentions of the user anyway).
    const mine = prepare('SELECT event_id, outcome FROM outcomes WHERE user_id = ?').all(userId) as Array<{
      event_id: string;
      outcome: string;
    }>;
    for (const row of mine) {
      const key = pseudonymiseUnique(
        row.event_id,
        userId,
        pseudonym,
        taken('SELECT 1 FROM outcomes WHERE event_id = ?'),
      );
      const outcome = JSON.stringify(erasedOutcome(JSON.parse(row.outcome), userId, pseudonym));
      prepare('UPDATE outcomes SET event_id = ?, user_id = ?, outcome = ? WHERE event_id = ?').run(
        key,
        pseudonym,
        outcome,
        row.event_id,
      );
    }
    const mentions = prepare(
      'SELECT event_id, outcome FROM outcomes WHERE user_id <> ? AND instr(outcome, ?) > 0',
    ).all(userId, jsonNeedle(userId)) as Array<{ event_id: string; outcome: string }>;
    for (const row of mentions) {
      const outcome = JSON.stringify(pseudonymiseJson(JSON.parse(row.outcome), userId, pseudonym));
      prepare('UPDATE outcomes SET outcome = ? WHERE event_id = ?').run(outcome, row.event_id);
    }
    forgetInDerived(prepare, userId, pseudonym);
    renameCounters(prepare, options.counters ?? [], userId, pseudonym);
    for (const prefix of options.quotes ?? []) {
      prepare(
        `UPDATE outbox SET body = '', subject = NULL, data = '{}', lease = NULL, lease_until = NULL,
           status = CASE status WHEN 'pending' THEN 'cancelled' ELSE status END
         WHERE substr(dedupe_key, 1, length(?)) = ?`,
      ).run(prefix, prefix);
    }
  });
}

/** Pending derived events of other subjects: payload strings equal to the user id become the pseudonym. */
function forgetInDerived(prepare: Prepare, userId: string, pseudonym: string): void {
  const rows = prepare('SELECT * FROM timers WHERE substr(payload, 1, 1) = ? AND instr(payload, ?) > 0').all(
    QUEUED_MARK,
    jsonNeedle(userId),
  ) as TimerRow[];
  for (const row of rows) {
    const timer = pseudonymisedDerived(toTimerRecord(row), userId, pseudonym);
    if (timer !== undefined) {
      prepare('UPDATE timers SET payload = ? WHERE id = ?').run(timerPayloadColumn(timer), row.id);
    }
  }
}

/** The counters under `prefixes` that name the user take the pseudonym (merged into an existing one). */
function renameCounters(prepare: Prepare, prefixes: readonly string[], userId: string, pseudonym: string) {
  for (const prefix of prefixes) {
    const rows = prepare(
      `SELECT key, value FROM counters WHERE substr(key, 1, length(?)) = ?
         AND substr(key, length(key) - length(?) + 1) = ?`,
    ).all(prefix, prefix, userId, userId) as Array<{ key: string; value: number }>;
    for (const { key, value } of rows) {
      if (!counterNamesUser(key, prefixes, userId)) continue;
      prepare('DELETE FROM counters WHERE key = ?').run(key);
      prepare(
        `INSERT INTO counters (key, value) VALUES (?, ?)
           ON CONFLICT (key) DO UPDATE SET value = value + excluded.value`,
      ).run(pseudonymCounterKey(key, userId, pseudonym), value);
    }
  }
}
