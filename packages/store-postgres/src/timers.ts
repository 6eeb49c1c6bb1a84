import type { ClaimOptions, TimerRecord } from '@engageloop/core';
import { byNumberThenId, type TimerRow, toTimerRecord } from '@engageloop/core/internal';
import type { Pool } from 'pg';
import { leaseNow } from './lease-clock';

/** The timer operations of the PostgreSQL store. */
export interface PgTimers {
  claim(options: ClaimOptions): Promise<TimerRecord[]>;
  list(filter: { userId?: string }): Promise<TimerRecord[]>;
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
