import {
  type ClaimedMessage,
  type ClaimOptions,
  EngageLoopError,
  type OutboxEntry,
  type OutboxFilter,
} from '@engageloop/core';
import { byNumberThenId, type OutboxRow, toClaimedMessage, toOutboxEntry } from '@engageloop/core/internal';
import type { Pool } from 'pg';
import { leaseNow } from './lease-clock';

/** The outbox operations of the PostgreSQL store; each is one atomic statement. */
export interface PgOutbox {
  claim(options: ClaimOptions): Promise<ClaimedMessage[]>;
  ack(id: string, lease: string, now: number): Promise<void>;
  retry(id: string, lease: string, update: { error: string; nextAttemptAt: number }): Promise<void>;
  deadLetter(id: string, lease: string, update: { error: string; now: number }): Promise<void>;
  list(filter: OutboxFilter): Promise<OutboxEntry[]>;
  /** `Store.compactOutbox` (options checked by the caller; `limit` null: every one). */
  compact(before: number, limit: number | null): Promise<number>;
}

/** Messages that still hold text (what `compactOutbox` empties). */
export const WITH_TEXT = `(body <> '' OR subject IS NOT NULL OR data <> '{}' OR last_error IS NOT NULL)`;

/**
 * The messages `compactOutbox` takes, finished (sent, dead or cancelled) and still holding text: the WHERE
 * clause of the partial index `outbox_compactable` (migration 9), repeated in the query so the planner uses it.
 */
export const FINISHED_WITH_TEXT = `status IN ('sent', 'dead', 'cancelled')
  AND ${WITH_TEXT}`;

/**
 * `Store.compactOutbox`: the oldest messages finished before `$1`, at most `$2` (NULL: all), lose their texts.
 * Rows another transaction holds (a claim, a `forgetUser`, another instance compacting) are skipped.
 */
export const compactOutboxSql = (s: string): string =>
  `UPDATE ${s}.outbox SET body = '', subject = NULL, data = '{}', last_error = NULL WHERE id IN (
     SELECT id FROM ${s}.outbox WHERE ${FINISHED_WITH_TEXT} AND next_attempt_at < $1
     ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)`;

/**
 * `now` (claim, ack, dead-letter) is business time: it decides readiness (`not_before`, `next_attempt_at`)
 * and is written as `sent_at`. Leases use the database's clock (see `lease-clock.ts`); `clockOffset()` is
 * the test offset of that clock (0 in production).
 */
export function createPgOutbox(pool: Pool, s: string, clockOffset: () => number): PgOutbox {
  /** Runs a guarded update; no row changed means the lease is not (or no longer) held. */
  const held = async (id: string, text: string, values: unknown[]): Promise<void> => {
    const { rowCount } = await pool.query(text, values);
    if (rowCount !== 1) throw new EngageLoopError('OUTBOX_LEASE_LOST', { data: { id } });
  };

  return {
    async claim({ now, limit, leaseMs, worker }) {
      // SKIP LOCKED: concurrent claimers pass over rows another claimer is taking; the re-check of the
      // WHERE clause on the locked row version keeps a message from being leased twice.
      const { rows } = await pool.query<OutboxRow>(
        `UPDATE ${s}.outbox
           SET lease = $4::text || ':' || nextval('${s}.lease_seq'), lease_until = ${leaseNow('$5')} + $3::bigint
         WHERE id IN (
           SELECT id FROM ${s}.outbox
           WHERE status = 'pending' AND not_before <= $1 AND next_attempt_at <= $1
             AND (lease_until IS NULL OR lease_until <= ${leaseNow('$5')})
           ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, Math.max(0, limit), leaseMs, worker, clockOffset()],
      );
      return rows.map(toClaimedMessage).sort(byNumberThenId((m) => m.createdAt));
    },
    ack: (id, lease, now) =>
      held(
        id,
        `UPDATE ${s}.outbox SET status = 'sent', sent_at = $3, next_attempt_at = $3, lease = NULL, lease_until = NULL
         WHERE id = $1 AND status = 'pending' AND lease = $2 AND lease_until > ${leaseNow('$4')}`,
        [id, lease, now, clockOffset()],
      ),
    retry: (id, lease, { error, nextAttemptAt }) =>
      // Like the other stores, a retry needs the lease token only: a message whose lease ran out but that no
      // one claimed since is given back all the same.
      held(
        id,
        `UPDATE ${s}.outbox SET attempts = attempts + 1, last_error = $3, next_attempt_at = $4,
           lease = NULL, lease_until = NULL
         WHERE id = $1 AND status = 'pending' AND lease = $2`,
        [id, lease, error, nextAttemptAt],
      ),
    // `now` becomes next_attempt_at: when it finished, as for a sent message (what `compact` compares with
    // `before`); the lease is judged by the database.
    deadLetter: (id, lease, { error, now }) =>
      held(
        id,
        `UPDATE ${s}.outbox SET status = 'dead', attempts = attempts + 1, last_error = $3, next_attempt_at = $5,
           lease = NULL, lease_until = NULL
         WHERE id = $1 AND status = 'pending' AND lease = $2 AND lease_until > ${leaseNow('$4')}`,
        [id, lease, error, clockOffset(), now],
      ),
    async compact(before, limit) {
      const { rowCount } = await pool.query(compactOutboxSql(s), [before, limit]);
      return rowCount ?? 0;
    },
    async list(filter) {
      const where: string[] = [];
      const values: unknown[] = [];
      for (const [column, value] of [
        ['user_id', filter.userId],
        ['status', filter.status],
        ['kind', filter.kind],
      ] as const) {
        if (value === undefined) continue;
        values.push(value);
        where.push(`${column} = $${values.length}`);
      }
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const { rows } = await pool.query<OutboxRow>(
        `SELECT * FROM ${s}.outbox ${clause} ORDER BY created_at, id`,
        values,
      );
      return rows.map(toOutboxEntry);
    },
  };
}
