import { EngageLoopError, toEngageLoopError } from '@engageloop/core';
import type { Pool, PoolClient, QueryResult } from 'pg';

/** Rows of `engageloop_open`: the recorded outcome (if asked) and the documents found. */
export interface OpenRow {
  r_kind: 'outcome' | 'doc';
  r_key: string;
  r_value: string;
  r_user: string | null;
  r_at: string | null;
}

/**
 * One pooled connection for one unit of work. The database transaction starts lazily, with the unit of
 * work's first read (or its commit): `BEGIN` and `engageloop_open` travel as one simple-protocol message,
 * so taking the locks and reading cost one round trip. Values are inlined as escaped literals
 * (`escapeLiteral`), never as SQL text.
 */
export interface Session {
  readonly client: PoolClient;
  /** Whether `BEGIN` was sent. */
  readonly begun: boolean;
  /** BEGIN, take the advisory locks, read the outcome of `eventId` and the documents `keys`. Once. */
  open(
    lockNames: readonly string[],
    eventId: string | undefined,
    keys: readonly string[],
  ): Promise<OpenRow[]>;
  /** COMMIT (when begun) and give the connection back. Throws `STORE_ERROR` if nothing was committed. */
  commit(): Promise<void>;
  /**
   * ROLLBACK (when begun and the connection still works) and give it back; a broken one is destroyed.
   * With `strict`, a ROLLBACK that could not be sent throws `STORE_ERROR`.
   */
  rollback(strict?: boolean): Promise<void>;
}

export async function acquireSession(pool: Pool, schema: string): Promise<Session> {
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
  let begun = false;
  let done = false;
  const give = (destroy?: Error): void => {
    if (done) return;
    done = true;
    client.off('error', onError);
    client.release(destroy ?? lost);
  };
  const literal = (value: string): string => client.escapeLiteral(value);
  const textArray = (values: readonly string[]): string =>
    values.length === 0 ? `'{}'::text[]` : `ARRAY[${values.map(literal).join(', ')}]::text[]`;

  return {
    client,
    get begun() {
      return begun;
    },
    async open(lockNames, eventId, keys) {
      if (begun) throw new EngageLoopError('STORE_CONTRACT_VIOLATION', { message: 'Session opened twice.' });
      begun = true;
      const text = `BEGIN; SELECT * FROM ${schema}.engageloop_open(${textArray([...new Set(lockNames)])}, ${
        eventId === undefined ? 'NULL' : literal(eventId)
      }, ${textArray(keys)})`;
      const results = (await client.query(text)) as unknown as Array<QueryResult<OpenRow>>;
      return results[1]?.rows ?? [];
    },
    async commit() {
      if (!begun) return give();
      let ended: QueryResult;
      try {
        ended = await client.query('COMMIT');
      } catch (cause) {
        give(cause instanceof Error ? cause : new Error(String(cause)));
        throw toEngageLoopError(cause, 'STORE_ERROR');
      }
      give();
      // COMMIT of a transaction that an earlier statement aborted answers ROLLBACK, not an error.
      if (ended.command !== 'COMMIT') {
        throw new EngageLoopError('STORE_ERROR', {
          message: 'The unit of work was rolled back: a statement in it had failed.',
        });
      }
    },
    async rollback(strict = false) {
      if (!begun) return give();
      try {
        await client.query('ROLLBACK');
        give();
      } catch (error) {
        give(error instanceof Error ? error : new Error(String(error)));
        if (strict) throw toEngageLoopError(error, 'STORE_ERROR');
      }
    },
  };
}
