import type { ClaimOptions, TimerRecord, TimerRelease } from '@engageloop/core';
import { byNumberThenId, type TimerRow, toTimerRecord } from '@engageloop/core/internal';
import type { Pool } from 'pg';

/** The timer operations of the PostgreSQL store. */
export interface PgTimers {
  claim(options: ClaimOptions): Promise<TimerRecord[]>;
  list(filter: { userId?: string }): Promise<TimerRecord[]>;
  release(release: TimerRelease): Promise<void>;
}

export function createPgTimers(pool: Pool, s: string): PgTimers {
  return {
    async claim({ now, limit, leaseMs, worker }) {
      const { rows } = await pool.query<TimerRow>(
        `UPDATE ${s}.timers SET lease_owner = $4, lease_until = $1::bigint + $3::bigint
         WHERE id IN (
           SELECT id FROM ${s}.timers
           WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, Math.max(0, limit), leaseMs, worker],
      );
      return rows.map(toTimerRecord).sort(byNumberThenId((t) => t.dueAt));
    },
    async release({ id, dueAt, attempts, retryAt }) {
      await pool.query(
        `UPDATE ${s}.timers SET attempts = $3, lease_owner = NULL, lease_until = $4
         WHERE id = $1 AND due_at = $2`,
        [id, dueAt, attempts, retryAt],
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
