import { EngageLoopError, type StoreTransaction, toEngageLoopError } from '@engageloop/core';
import type { PoolClient } from 'pg';
import { writeCommit } from './commit';
import type { PostgresFaults } from './faults';

export interface OpenPgTransaction {
  tx: StoreTransaction;
  /** Ends the unit of work: any later call on `tx` is a contract violation. */
  end(): void;
}

interface OutcomeRow {
  event_id: string;
  user_id: string;
  outcome: string;
  committed_at: string;
}

const violation = (message: string, data?: Record<string, unknown>) =>
  new EngageLoopError('STORE_CONTRACT_VIOLATION', { message, ...(data ? { data } : {}) });

/**
 * The `StoreTransaction` of one unit of work: every read and the commit run on `client`, inside the open
 * database transaction that holds the keys' advisory locks. The commit becomes durable when the work returns.
 */
export function createPgTransaction(
  client: PoolClient,
  schema: string,
  keys: ReadonlySet<string>,
  isClosed: () => boolean,
  faults: PostgresFaults,
): OpenPgTransaction {
  let ended = false;
  let committed = false;
  const s = schema;

  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    if (isClosed()) throw new EngageLoopError('STORE_CLOSED');
    if (ended) throw violation('The unit of work is over; its transaction can no longer be used.');
    try {
      return await work();
    } catch (thrown) {
      throw toEngageLoopError(thrown, 'STORE_ERROR');
    }
  };
  const checkLocked = (key: string): void => {
    if (!keys.has(key)) throw violation(`Key "${key}" is not locked by this unit of work.`, { key });
  };

  const tx: StoreTransaction = {
    recorded: (eventId) =>
      run(async () => {
        const { rows } = await client.query<OutcomeRow>(`SELECT * FROM ${s}.outcomes WHERE event_id = $1`, [
          eventId,
        ]);
        const row = rows[0];
        if (row === undefined) return undefined;
        return {
          eventId: row.event_id,
          userId: row.user_id,
          outcome: JSON.parse(row.outcome) as unknown,
          committedAt: Number(row.committed_at),
        };
      }),
    load: (wanted) =>
      run(async () => {
        for (const key of wanted) checkLocked(key);
        const { rows } = await client.query<{ key: string; value: string }>(
          `SELECT key, value FROM ${s}.docs WHERE key = ANY($1::text[])`,
          [[...wanted]],
        );
        const byKey = new Map(rows.map((row) => [row.key, row.value]));
        const found = new Map<string, unknown>();
        for (const key of wanted) {
          const text = byKey.get(key);
          if (text !== undefined) found.set(key, JSON.parse(text) as unknown);
        }
        return found;
      }),
    counters: (wanted) =>
      run(async () => {
        const { rows } = await client.query<{ key: string; value: number }>(
          `SELECT key, value FROM ${s}.counters WHERE key = ANY($1::text[])`,
          [[...wanted]],
        );
        const byKey = new Map(rows.map((row) => [row.key, row.value]));
        return new Map(wanted.map((key) => [key, byKey.get(key) ?? 0]));
      }),
    existingMessages: (dedupeKeys) =>
      run(async () => {
        const { rows } = await client.query<{ dedupe_key: string }>(
          `SELECT dedupe_key FROM ${s}.outbox WHERE dedupe_key = ANY($1::text[])`,
          [[...dedupeKeys]],
        );
        return new Set(rows.map((row) => row.dedupe_key));
      }),
    commit: (write) =>
      run(async () => {
        if (committed) throw violation('A unit of work commits at most once.');
        for (const { key } of write.docs) checkLocked(key);
        committed = true;
        return writeCommit(client, s, write, faults);
      }),
  };

  return {
    tx,
    end: () => {
      ended = true;
    },
  };
}
