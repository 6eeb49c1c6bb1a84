import {
  type ClaimedMessage,
  type ClaimOptions,
  EngageLoopError,
  type OutboxEntry,
  type OutboxFilter,
  type OutboxMessage,
} from '@engageloop/core';
import { byNumberThenId, type OutboxRow, toClaimedMessage, toOutboxEntry } from '@engageloop/core/internal';
import type { Database } from 'better-sqlite3';
import type { Prepare } from './statements';

/**
 * A message's data as the outbox keeps it (its JSON text), or `null` for `{}` itself: an empty plain object (most
 * messages' data), written `'{}'` by the insert (`ROWS.insertMessages`), one string less to serialise and bind.
 */
const dataColumn = (data: Record<string, unknown> | undefined): string | null => {
  if (data === undefined) return null;
  for (const _ in data) return JSON.stringify(data);
  return Object.getPrototypeOf(data) === Object.prototype ? null : JSON.stringify(data);
};

/**
 * A message enqueued, as the values of `ROWS.insertMessages` (commit.ts) in order: every column but `status`
 * (`'pending'`, written by the statement), its data by `dataColumn`, `next_attempt_at` its `notBefore`.
 */
export const messageRow = (m: OutboxMessage): unknown[] => [
  m.id,
  m.dedupeKey,
  m.userId,
  m.kind,
  m.topic,
  m.channel,
  m.locale,
  m.subject,
  m.body,
  dataColumn(m.data),
  m.eventId,
  m.ruleId,
  m.plugin,
  m.createdAt,
  m.notBefore,
  m.transactional ? 1 : 0,
  m.notBefore,
];

/** The outbox operations of the SQLite store (synchronous; the store wraps them). */
export interface SqliteOutbox {
  claim(options: ClaimOptions): ClaimedMessage[];
  ack(id: string, lease: string, now: number): void;
  retry(id: string, lease: string, update: { error: string; nextAttemptAt: number }): void;
  deadLetter(id: string, lease: string, update: { error: string; now: number }): void;
  list(filter: OutboxFilter): OutboxEntry[];
  /** `Store.compactOutbox` (options checked by the caller); `limit` -1: every one. */
  compact(before: number, limit: number): number;
}

const READY = `SELECT rowid FROM outbox
  WHERE status = 'pending' AND not_before <= @now AND next_attempt_at <= @now
    AND (lease_until IS NULL OR lease_until <= @now)
  ORDER BY created_at, id LIMIT @limit`;

/**
 * The rowid at the end of a lease token: a claim hands out `worker:n/rowid` (`n` from the lease sequence, unique
 * per claim), so a lease holder's message is found by rowid, then its id and token compared.
 */
const LEASED_ROWID = /\/(\d+)$/;

/** The messages `compactOutbox` takes: the WHERE clause of the partial index `outbox_compactable` (migration 11). */
const FINISHED_WITH_TEXT = `(status = 'sent' OR status = 'dead' OR status = 'cancelled')
  AND (body <> '' OR subject IS NOT NULL OR data <> '{}' OR last_error IS NOT NULL)`;

/** `Store.compactOutbox`: the oldest messages finished before `?1`, at most `?2` (-1: all), lose their texts. */
export const COMPACT_OUTBOX = `UPDATE outbox SET body = '', subject = NULL, data = '{}', last_error = NULL
  WHERE rowid IN (SELECT rowid FROM outbox INDEXED BY outbox_compactable
    WHERE ${FINISHED_WITH_TEXT} AND next_attempt_at < ? ORDER BY next_attempt_at LIMIT ?)`;

/**
 * Leases here are judged by the callers' `now`, unlike the PostgreSQL store's (which use the database's clock:
 * see its `lease-clock.ts`). That is sound because the SQLite store is single-process by design — it holds
 * its file with `locking_mode=EXCLUSIVE` — so every claimer reads one process's clock; and it is what makes
 * an injected clock work end to end (a simulation or a test drains months of manual time in seconds, and a
 * lease must expire in that time, not in wall-clock time). A host that gives two engines on one store clocks
 * hours apart gets leases judged by each engine's own clock.
 */
export function createSqliteOutbox(db: Database, prepare: Prepare): SqliteOutbox {
  /**
   * A batch in three statements whatever its size: the ready ids, their lease numbers (the sequence moved
   * once by their count), then one UPDATE that leases them all, each with its own token.
   */
  const claim = db.transaction((options: ClaimOptions): ClaimedMessage[] => {
    const { now, limit, leaseMs, worker } = options;
    const ready = prepare(READY).all({ now, limit: Math.max(0, limit) }) as Array<{ rowid: number }>;
    if (ready.length === 0) return [];
    const { value: last } = prepare(
      "UPDATE sequences SET value = value + ? WHERE name = 'lease' RETURNING value",
    ).get(ready.length) as { value: number };
    const rows = prepare(
      `UPDATE outbox SET lease = @worker || ':' || (@first + j.key) || '/' || outbox.rowid, lease_until = @until
       FROM json_each(@rowids) AS j WHERE outbox.rowid = j.value RETURNING *`,
    ).all({
      worker,
      first: last - ready.length + 1,
      until: now + leaseMs,
      rowids: JSON.stringify(ready.map((row) => row.rowid)),
    }) as OutboxRow[];
    return rows.map(toClaimedMessage).sort(byNumberThenId((m) => m.createdAt));
  });

  /**
   * Checks the lease is still held (right token, message still pending, not expired when `now` is known) and
   * returns the message's rowid, which the token ends with (`LEASED_ROWID`: the outbox has no index of its ids
   * since migration 10). A token handed out before that step has none: its message is looked for in a scan.
   */
  const holding = (id: string, lease: string, now?: number): number => {
    const rowid = LEASED_ROWID.exec(lease)?.[1];
    const row = (
      rowid === undefined
        ? prepare('SELECT rowid, status, lease_until FROM outbox WHERE id = ? AND lease = ?').get(id, lease)
        : prepare(
            'SELECT rowid, status, lease_until FROM outbox WHERE rowid = ? AND id = ? AND lease = ?',
          ).get(rowid, id, lease)
    ) as (Pick<OutboxRow, 'status' | 'lease_until'> & { rowid: number }) | undefined;
    const expired = now !== undefined && row?.lease_until != null && Number(row.lease_until) < now;
    if (row === undefined || row.status !== 'pending' || expired) {
      throw new EngageLoopError('OUTBOX_LEASE_LOST', { data: { id } });
    }
    return row.rowid;
  };

  return {
    claim,
    ack: db.transaction((id: string, lease: string, now: number) => {
      const rowid = holding(id, lease, now);
      prepare(`UPDATE outbox SET status = 'sent', sent_at = ?, next_attempt_at = ?,
          lease = NULL, lease_until = NULL WHERE rowid = ?`).run(now, now, rowid);
    }),
    retry: db.transaction((id: string, lease: string, update: { error: string; nextAttemptAt: number }) => {
      const rowid = holding(id, lease);
      prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
          lease = NULL, lease_until = NULL WHERE rowid = ?`).run(update.error, update.nextAttemptAt, rowid);
    }),
    deadLetter: db.transaction((id: string, lease: string, update: { error: string; now: number }) => {
      const rowid = holding(id, lease, update.now);
      // next_attempt_at: when it finished, as for a sent message (what `compact` compares with `before`).
      prepare(`UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
          lease = NULL, lease_until = NULL WHERE rowid = ?`).run(update.error, update.now, rowid);
    }),
    compact: (before, limit) => prepare(COMPACT_OUTBOX).run(before, limit).changes,
    list: (filter) => {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      for (const [column, value] of [
        ['user_id', filter.userId],
        ['status', filter.status],
        ['kind', filter.kind],
      ] as const) {
        if (value === undefined) continue;
        where.push(`${column} = @${column}`);
        params[column] = value;
      }
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const rows = prepare(`SELECT * FROM outbox ${clause} ORDER BY created_at, id`).all(
        params,
      ) as OutboxRow[];
      return rows.map(toOutboxEntry);
    },
  };
}
