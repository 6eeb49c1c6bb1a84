import { userHash } from '@engageloop/core';
import type { Database } from 'better-sqlite3';

/** The outbox's columns, in their order (migration 10 copies them). */
const OUTBOX_COLUMNS = `id, dedupe_key, user_id, kind, topic, channel, locale, subject, body, data, event_id, rule_id,
  plugin, created_at, not_before, transactional, status, attempts, next_attempt_at, last_error, sent_at, lease,
  lease_until`;

/** One numbered schema step; applied once, in a transaction, in version order. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The schema, as numbered steps. Append new steps; never edit an applied one. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE docs (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      ) WITHOUT ROWID;
      CREATE TABLE counters (key TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID;
      CREATE TABLE outcomes (
        event_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        committed_at INTEGER NOT NULL
      );
      CREATE INDEX outcomes_user ON outcomes (user_id);
      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        dedupe_key TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        topic TEXT NOT NULL,
        channel TEXT,
        locale TEXT,
        subject TEXT,
        body TEXT NOT NULL,
        data TEXT NOT NULL,
        event_id TEXT NOT NULL,
        rule_id TEXT,
        plugin TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        not_before INTEGER NOT NULL,
        transactional INTEGER NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        sent_at INTEGER,
        lease TEXT,
        lease_until INTEGER
      );
      CREATE INDEX outbox_ready ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_order ON outbox (created_at, id);
      CREATE INDEX outbox_user ON outbox (user_id);
      CREATE TABLE timers (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        type TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        payload TEXT NOT NULL,
        plugin TEXT NOT NULL,
        event_id TEXT NOT NULL,
        lease_owner TEXT,
        lease_until INTEGER
      );
      CREATE INDEX timers_due ON timers (due_at, id);
      CREATE INDEX timers_user ON timers (user_id);
      CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO sequences (name, value) VALUES ('lease', 0);
    `,
  },
  {
    version: 2,
    name: 'outcomes keyed per user and source, with envelope fingerprints; timer attempts',
    // `event_id` now holds the record key (`recordKey`): `t.` for the engine's `timer:…` ids, `e.` for the
    // rest, then the user hash. Rows of users forgotten before this step keep the hash of their pseudonym.
    sql: `
      UPDATE outcomes SET event_id =
        CASE WHEN substr(event_id, 1, 6) = 'timer:' THEN 't.' ELSE 'e.' END
        || engageloop_user_hash(user_id) || ':' || event_id;
      ALTER TABLE outcomes ADD COLUMN fingerprint TEXT;
      ALTER TABLE timers ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 3,
    name: 'record retention: outcomes not yet compacted, by commit time',
    // `compactRecords` replaces an outcome by the JSON text 'null'; this partial index holds only the records
    // that still have an outcome, so it stays the size of the retention window.
    sql: `CREATE INDEX outcomes_live ON outcomes (committed_at) WHERE outcome <> 'null';`,
  },
  {
    version: 4,
    name: 'outbox retention: finished messages that still hold text, by the time they finished',
    // `compactOutbox` empties the texts of sent and dead messages (see FINISHED_WITH_TEXT in outbox.ts, which
    // repeats this WHERE clause so SQLite uses the index); this partial index holds only those still to
    // compact, so it stays the size of the retention window. Pending messages are not in it: an enqueue
    // does not touch it, an ack or dead-letter appends to it (its key is the time it finished).
    sql: `CREATE INDEX outbox_finished ON outbox (next_attempt_at)
      WHERE status IN ('sent', 'dead')
        AND (body <> '' OR subject IS NOT NULL OR data <> '{}' OR last_error IS NOT NULL);`,
  },
  {
    version: 5,
    name: 'outbox retention takes cancelled messages too',
    // A cancel now records its commit's time in next_attempt_at (see `cancelledAt`), so cancelled messages
    // finish like sent and dead ones: `outbox_compactable` replaces `outbox_finished` with them in. A message
    // cancelled before this step kept the time it was next due there, which then serves as its finish time.
    sql: `DROP INDEX outbox_finished;
      CREATE INDEX outbox_compactable ON outbox (next_attempt_at)
      WHERE status IN ('sent', 'dead', 'cancelled')
        AND (body <> '' OR subject IS NOT NULL OR data <> '{}' OR last_error IS NOT NULL);`,
  },
  {
    version: 6,
    name: 'recorded outcomes lose their index by user',
    // Only an erasure read outcomes by user, and it scans the table anyway (outcomes that mention the user:
    // see forget-user.ts). Each recorded outcome inserted an entry at its user's place in this index: one more
    // 16 KiB page dirtied, written to the WAL and, once the index outgrew the page cache, read back first, per
    // commit. History bench (100k events), SQLite alone: 12–20 µs CPU less per recorded outcome.
    sql: 'DROP INDEX outcomes_user;',
  },
  {
    version: 7,
    name: 'outbox messages lose their index by creation time',
    // Only an unfiltered `listMessages` read it (its ORDER BY created_at, id): the claim of ready messages goes
    // through `outbox_ready`, a listing by user or status through theirs, each then sorted. Its key ends with
    // the message id, a hash of the user: each message enqueued inserted an entry at a random place, a 16 KiB
    // page of it dirtied and written to the WAL per message of a batch. Stores' workload, batches of 500, 10,000
    // events: WAL 6.5 → 5.9 KB per event; the store's commits alone, alternate runs: 26.9 / 26.8 / 27.3 → 25.6 /
    // 24.7 / 26.5 µs CPU per event.
    sql: 'DROP INDEX outbox_order;',
  },
  {
    version: 8,
    name: 'outbox messages lose their index by user',
    // Only an erasure and a listing by user read it: both now scan the outbox, as an erasure already scans the
    // outcomes (twice, and theirs are the larger rows). Each message enqueued inserted an entry at its user's
    // place in this index: one more page dirtied per commit, written to the WAL and, once the index outgrew the
    // page cache, read back first (the growth of one-by-one dispatch over a long history). A commit of one
    // message on an outbox of 100,000 (800 users), SQLite alone: 89–97 → 71–82 µs CPU, most of it system time.
    // One by one (`tests/bench/one-by-one-main.ts sqlite`, alternate runs, with migration 7): 308 / 314 / 310 /
    // 298 → 296 / 261 / 281 / 288 µs CPU per event.
    sql: 'DROP INDEX outbox_user;',
  },
  {
    version: 9,
    name: 'documents in a rowid table: a document up to ~16 KB stays on its b-tree page',
    // A WITHOUT ROWID table keeps at most ~4 KB of a row on its b-tree page (16 KiB pages: an index b-tree's
    // local payload limit, (16,384 − 12) × 64 / 255 − 23 = 4,086 bytes); the rest of a larger document went to
    // an overflow page of its own, and each update of it freed that page and took another from the free list:
    // two more pages dirtied, written to the WAL and read back, per document written. A rowid table keeps up to
    // 16,349 bytes of a row on its leaf page; the key stays unique through its automatic index (a few pages:
    // one entry per document), which every statement by key uses as it used the table's own key.
    // History bench (100k events, largest document 4.14 KB, so few of them overflowed), alternate runs, µs CPU
    // per event of the last 10k: 408 / 413 / 404 / 409 → 402 / 399 / 392 / 363 (first 10k within noise).
    sql: `CREATE TABLE docs_by_rowid (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      );
      INSERT INTO docs_by_rowid (key, value, version) SELECT key, value, version FROM docs ORDER BY key;
      DROP TABLE docs;
      ALTER TABLE docs_by_rowid RENAME TO docs;`,
  },
  {
    version: 10,
    name: 'outbox messages found by their dedupe key alone: no unique index of their ids',
    // The outbox kept two unique indexes of random text keys, the message id and the dedupe key: each message
    // enqueued inserted an entry at a random page of both (136 and 101 pages of 16 KiB at 39k messages on the
    // history bench), dirtied, written to the WAL and, once they outgrew the page cache, read back first. A
    // commit checks and inserts by dedupe key; only a lease holder (ack, retry, dead letter) named a message by
    // id, and it also holds the lease token, which now ends with the message's rowid (see `holding` in outbox.ts).
    // A claim and an erasure go by rowid. The ids stay unique as the engine makes them (scoped by the record key,
    // itself unique); the table is rebuilt in place, keeping its rowids. History profile (100k events), per event
    // of the first / last 10k: WAL written 151.4 / 164.0 → 142.5 / 153.2 KB, pages read 1.6 / 4.4 → 1.3 / 3.7, the
    // outbox INSERT 10.0 / 12.6 → 7.5 / 7.9 µs. Last / first, alternate runs of the history bench: ×1.09 / ×1.12 /
    // ×1.05 → ×1.06 / ×1.09 / ×1.07 (a loaded machine: within its noise).
    sql: `CREATE TABLE outbox_by_dedupe (
        id TEXT NOT NULL,
        dedupe_key TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        topic TEXT NOT NULL,
        channel TEXT,
        locale TEXT,
        subject TEXT,
        body TEXT NOT NULL,
        data TEXT NOT NULL,
        event_id TEXT NOT NULL,
        rule_id TEXT,
        plugin TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        not_before INTEGER NOT NULL,
        transactional INTEGER NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        sent_at INTEGER,
        lease TEXT,
        lease_until INTEGER
      );
      INSERT INTO outbox_by_dedupe (rowid, ${OUTBOX_COLUMNS}) SELECT rowid, ${OUTBOX_COLUMNS} FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_by_dedupe RENAME TO outbox;
      CREATE INDEX outbox_ready ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_compactable ON outbox (next_attempt_at)
      WHERE status IN ('sent', 'dead', 'cancelled')
        AND (body <> '' OR subject IS NOT NULL OR data <> '{}' OR last_error IS NOT NULL);`,
  },
  {
    version: 11,
    name: 'outbox retention index: its statuses compared one by one, not looked up in a list',
    // The same messages as before (`status` is NOT NULL). SQLite evaluates a partial index's WHERE clause for
    // every row a statement inserts or changes, and codes an IN list of three or more values as a temporary
    // b-tree, filled again for each row: every message enqueued opened it, inserted the three statuses and looked
    // its own up (3 of the ~10 b-tree inserts per event of the stores' workload); three comparisons do the same.
    // `FINISHED_WITH_TEXT` (outbox.ts) repeats this clause, so that `compactOutbox` can use the index.
    sql: `DROP INDEX outbox_compactable;
      CREATE INDEX outbox_compactable ON outbox (next_attempt_at)
      WHERE (status = 'sent' OR status = 'dead' OR status = 'cancelled')
        AND (body <> '' OR subject IS NOT NULL OR data <> '{}' OR last_error IS NOT NULL);`,
  },
];

/**
 * Brings the database to the latest schema version. Each pending step runs in its own
 * `BEGIN IMMEDIATE` transaction and is recorded in `schema_migrations`, so reopening is a no-op
 * and two processes opening the same file at once apply each step once.
 *
 * @returns the versions applied by this call.
 */
export function applyMigrations(
  db: Database,
  migrations: readonly Migration[] = SQLITE_MIGRATIONS,
): number[] {
  // Step 2 re-keys recorded outcomes with the engine's own user hash.
  db.function('engageloop_user_hash', { deterministic: true }, (userId: unknown) => userHash(String(userId)));
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`);
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
  const applied: number[] = [];
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  for (const step of ordered) {
    const apply = db.transaction(() => {
      if (isApplied.get(step.version) !== undefined) return;
      db.exec(step.sql);
      record.run(step.version, step.name);
      applied.push(step.version);
    });
    apply.immediate();
  }
  return applied;
}
