import { toEngageLoopError } from '@engageloop/core';
import type { Pool, PoolClient } from 'pg';

/** One pooled connection running one database transaction. */
export interface Session {
  readonly client: PoolClient;
  /** COMMIT and give the connection back. Throws `STORE_ERROR` (after rolling back) if it fails. */
  commit(): Promise<void>;
  /** ROLLBACK (if the connection still works) and give it back; a broken connection is destroyed. */
  rollback(): Promise<void>;
}

/**
 * Takes a connection, BEGINs, and takes a transaction-level advisory lock per name, in ascending
 * lock-id order so two sessions never wait on each other in a cycle. The locks end with the transaction.
 */
export async function openSession(pool: Pool, lockNames: readonly string[]): Promise<Session> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (cause) {
    throw toEngageLoopError(cause, 'STORE_ERROR');
  }
  // A connection that dies while checked out emits 'error'; without a listener that would crash the process.
  let lost: Error | undefined;
  const onError = (error: Error): void => {
    lost = error;
  };
  client.on('error', onError);
  let done = false;
  const give = (destroy?: Error): void => {
    if (done) return;
    done = true;
    client.off('error', onError);
    client.release(destroy ?? lost);
  };
  const rollback = async (): Promise<void> => {
    try {
      await client.query('ROLLBACK');
      give();
    } catch (error) {
      give(error instanceof Error ? error : new Error(String(error)));
    }
  };
  try {
    await client.query('BEGIN');
    await lockAll(client, lockNames);
  } catch (cause) {
    await rollback();
    throw toEngageLoopError(cause, 'STORE_ERROR');
  }
  return {
    client,
    rollback,
    async commit() {
      try {
        await client.query('COMMIT');
      } catch (cause) {
        await rollback();
        throw toEngageLoopError(cause, 'STORE_ERROR');
      }
      give();
    },
  };
}

async function lockAll(client: PoolClient, names: readonly string[]): Promise<void> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return;
  if (unique.length === 1) {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', unique);
    return;
  }
  const { rows } = await client.query<{ id: string }>(
    'SELECT DISTINCT hashtextextended(name, 0)::text AS id FROM unnest($1::text[]) AS name',
    [unique],
  );
  const ids = rows.map((row) => BigInt(row.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const id of ids) await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [id.toString()]);
}
