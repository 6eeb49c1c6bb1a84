import type { ClaimOptions, TimerRecord, TimerRelease } from '@engageloop/core';
import { byNumberThenId, type TimerRow, toTimerRecord } from '@engageloop/core/internal';
import type { Pool } from 'pg';
import { leaseNow } from './lease-clock';

/** The timer operations of the PostgreSQL store. */
export interface PgTimers {
  claim(options: ClaimOptions): Promise<TimerRecord[]>;
  list(filter: { userId?: string }): Promise<TimerRecord[]>;
  release(release: TimerRelease): Promise<void>;
}

/**
 * `now` is business time: a timer is due when `due_at <= now`. Its lease is written and judged with the
 * database's clock (see `lease-clock.ts`), so workers whose clocks disagree never take a leased timer;
 * `clockOffset()` is the test offset of that clock (0 in production).
 */
export function createPgTimers(pool: Pool, s: string, clockOffset: () => number): PgTimers {
  return {
    async claim({ now, limit, leaseMs, worker }) {
      const { rows } = await pool.query<TimerRow>(
        `UPDATE ${s}.timers SET lease_owner = $4, lease_until = ${leaseNow('$5')} + $3::bigint
         WHERE id IN (
           SELECT id FROM ${s}.timers
           WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until <= ${leaseNow('$5')})
           ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, Math.max(0, limit), leaseMs, worker, clockOffset()],
      );
      return rows.map(toTimerRecord).sort(byNumberThenId((t) => t.dueAt));
    },
    async release({ id, dueAt, generation, attempts, retryAt, now }) {
      // The backoff is a duration: it runs on the lease clock (the database's), like every lease. Only the arming
      // that fired is given back (the same due time and generation, none matching none, read from the payload
      // column as `engageloop_commit7` reads it): one re-armed meanwhile stays as it is. A plain statement: an
      // instance of the previous version still releases by due time alone, with no schema step.
      await pool.query(
        `UPDATE ${s}.timers SET attempts = $3, lease_owner = NULL,
           lease_until = ${leaseNow('$5')} + GREATEST(0, $4::bigint)
         WHERE id = $1 AND due_at = $2
           AND CASE WHEN left(payload, 1) = E'\\x01' THEN substr(payload, 2)::json ->> 'generation' END
             IS NOT DISTINCT FROM $6`,
        [id, dueAt, attempts, retryAt - now, clockOffset(), generation ?? null],
      );
    },
    async list({ userId }) {
      const { rows } =
        userId === undefined
          ? await pool.query<TimerRow>(`SELECT * FROM ${s}.timers ORDER BY due_at, id`)
          : await pool.query<TimerRow>(`SELECT * FROM ${s}.timers WHERE user_id = $1 ORDER BY due_at, id`, [
              userId,
            ]);
      return rows.map(toTimerRecord);
    },
  };
}
