import {
  type ClaimedMessage,
  type ClaimOptions,
  EngageLoopError,
  type OutboxEntry,
  type OutboxFilter,
} from '@engageloop/core';
import { type OutboxRow, toClaimedMessage, toOutboxEntry } from '@engageloop/core/internal';
import type { Database } from 'better-sqlite3';
import type { Prepare } from './statements';

/** The outbox operations of the SQLite store (synchronous; the store wraps them). */
export interface SqliteOutbox {
  claim(options: ClaimOptions): ClaimedMessage[];
  ack(id: string, lease: string, now: number): void;
  retry(id: string, lease: string, update: { error: string; nextAttemptAt: number }): void;
  deadLetter(id: string, lease: string, update: { error: string; now: number }): void;
  list(filter: OutboxFilter): OutboxEntry[];
}

const READY = `SELECT id FROM outbox
  WHERE status = 'pending' AND not_before <= @now AND next_attempt_at <= @now
    AND (lease_until IS NULL OR lease_until <= @now)
  ORDER BY created_at, id LIMIT @limit`;

/**
 * Leases here are judged by the callers' `now`, unlike the PostgreSQL store's (which use the database's clock:
 * see its `lease-clock.ts`). That is sound because the SQLite store is single-process by design — it holds
 * its file with `locking_mode=EXCLUSIVE` — so every claimer reads one process's clock; and it is what makes
 * an injected clock work end to end (a simulation or a test drains months of manual time in seconds, and a
 * lease must expire in that time, not in wall-clock time). A host that gives two engines on one store clocks
 * hours apart gets leases judged by each engine's own clock.
 */
export function createSqliteOutbox(db: Database, prepare: Prepare): SqliteOutbox {
  const claim = db.transaction((options: ClaimOptions): ClaimedMessage[] => {
    const { now, limit, leaseMs, worker } = options;
    const ready = prepare(READY).all({ now, limit: Math.max(0, limit) }) as Array<{ id: string }>;
    const nextLease = prepare("UPDATE sequences SET value = value + 1 WHERE name = 'lease' RETURNING value");
    const take = prepare('UPDATE outbox SET lease = ?, lease_until = ? WHERE id = ? RETURNING *');
    return ready.map(({ id }) => {
      const lease = `${worker}:${(nextLease.get() as { value: number }).value}`;
      return toClaimedMessage(take.get(lease, now + leaseMs, id) as OutboxRow);
    });
  });

  /** Checks the lease is still held (right token, message still pending, not expired when `now` is known). */
  const holding = (id: string, lease: string, now?: number): void => {
    const row = prepare('SELECT status, lease, lease_until FROM outbox WHERE id = ?').get(id) as
      | Pick<OutboxRow, 'status' | 'lease' | 'lease_until'>
      | undefined;
    const expired = now !== undefined && row?.lease_until != null && Number(row.lease_until) < now;
    if (row === undefined || row.status !== 'pending' || row.lease !== lease || expired) {
      throw new EngageLoopError('OUTBOX_LEASE_LOST', { data: { id } });
    }
  };

  return {
    claim,
    ack: db.transaction((id: string, lease: string, now: number) => {
      holding(id, lease, now);
      prepare(`UPDATE outbox SET status = 'sent', sent_at = ?, next_attempt_at = ?,
          lease = NULL, lease_until = NULL WHERE id = ?`).run(now, now, id);
    }),
    retry: db.transaction((id: string, lease: string, update: { error: string; nextAttemptAt: number }) => {
      holding(id, lease);
      prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
          lease = NULL, lease_until = NULL WHERE id = ?`).run(update.error, update.nextAttemptAt, id);
    }),
    deadLetter: db.transaction((id: string, lease: string, update: { error: string; now: number }) => {
      holding(id, lease, update.now);
      prepare(`UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = ?,
          lease = NULL, lease_until = NULL WHERE id = ?`).run(update.error, id);
    }),
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
