import type { ClaimOptions, TimerRecord, TimerRelease } from '@engageloop/core';
import { byNumberThenId, type TimerRow, toTimerRecord } from '@engageloop/core/internal';
import type { Prepare } from './statements';

/** The timer operations of the SQLite store (synchronous; the store wraps them). */
export interface SqliteTimers {
  claim(options: ClaimOptions): TimerRecord[];
  list(filter: { userId?: string }): TimerRecord[];
  release(release: TimerRelease): void;
}

/**
 * A timer row's generation, `''` for none: read from the payload column when it holds the wrapped form
 * (`QUEUED_MARK`, U+0001, then JSON: see `timerPayloadColumn`). Only the rows a statement found by key are parsed.
 */
export const STORED_GENERATION = `coalesce(CASE WHEN substr(payload, 1, 1) = char(1)
  THEN json_extract(substr(payload, 2), '$.generation') END, '')`;

/** Leases every due timer of a batch in one statement (the claim's order is restored after: RETURNING has none). */
const CLAIM = `UPDATE timers SET lease_owner = @worker, lease_until = @until WHERE id IN (
    SELECT id FROM timers WHERE due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
    ORDER BY due_at, id LIMIT @limit)
  RETURNING *`;

/** Leases follow the callers' `now`, as the outbox's do (one process, one clock: see `outbox.ts`). */
export function createSqliteTimers(prepare: Prepare): SqliteTimers {
  return {
    claim: ({ now, limit, leaseMs, worker }) => {
      const rows = prepare(CLAIM).all({
        now,
        limit: Math.max(0, limit),
        worker,
        until: now + leaseMs,
      }) as TimerRow[];
      return rows.map(toTimerRecord).sort(byNumberThenId((t) => t.dueAt));
    },
    // Only the arming that fired (the same due time and generation): one re-armed meanwhile stays as it is.
    release: ({ id, dueAt, generation, attempts, retryAt }) => {
      prepare(
        `UPDATE timers SET attempts = ?, lease_owner = NULL, lease_until = ?
         WHERE id = ? AND due_at = ? AND ${STORED_GENERATION} = ?`,
      ).run(attempts, retryAt, id, dueAt, generation ?? '');
    },
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
