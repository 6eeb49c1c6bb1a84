import type { ClaimOptions, TimerRecord } from '@engageloop/core';
import { type TimerRow, toTimerRecord } from '@engageloop/core/internal';
import type { Database } from 'better-sqlite3';
import type { Prepare } from './statements';

/** The timer operations of the SQLite store (synchronous; the store wraps them). */
export interface SqliteTimers {
  claim(options: ClaimOptions): TimerRecord[];
  list(filter: { userId?: string }): TimerRecord[];
}

const DUE = `SELECT * FROM timers
  WHERE due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
  ORDER BY due_at, id LIMIT @limit`;

/** Leases follow the callers' `now`, as the outbox's do (one process, one clock: see `outbox.ts`). */
export function createSqliteTimers(db: Database, prepare: Prepare): SqliteTimers {
  return {
    claim: db.transaction(({ now, limit, leaseMs, worker }: ClaimOptions): TimerRecord[] => {
      const rows = prepare(DUE).all({ now, limit: Math.max(0, limit) }) as TimerRow[];
      const lease = prepare('UPDATE timers SET lease_owner = ?, lease_until = ? WHERE id = ?');
      for (const row of rows) lease.run(worker, now + leaseMs, row.id);
      return rows.map(toTimerRecord);
    }),
    list: (filter) => {
      const rows = (
        filter.userId === undefined
          ? prepare('SELECT * FROM timers ORDER BY due_at, id').all()
          : prepare('SELECT * FROM timers WHERE user_id = ? ORDER BY due_at, id').all(filter.userId)
      ) as TimerRow[];
      return rows.map(toTimerRecord);
    },
  };
}
