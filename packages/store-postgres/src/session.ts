import { EngageLoopError, toEngageLoopError } from '@engageloop/core';
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { NamedQuery } from './statements';
import { type WireAnswer, type WireMode, WireQuery, type WireRow } from './wire-query';

/**
 * A row of `engageloop_open3`, by column: `r_kind` (`outcome` or `doc`), `r_key`, `r_value`, `r_user`, `r_at`
 * (a bigint's text), `r_fp` (see `WireQuery`: rows come back as the texts of their columns).
 */
export type OpenRow = readonly [
  kind: string | null,
  key: string | null,
  value: string | null,
  user: string | null,
  at: string | null,
  fingerprint: string | null,
];

/**
 * One pooled connection for one unit of work. The database transaction starts lazily, with the unit of
 * work's first read (or its commit): `BEGIN` and the prepared call of `engageloop_open3` travel in one
 * batch (`WireQuery`), so taking the locks and reading cost one round trip.
 */
export interface Session {
  readonly client: PoolClient;
  /** Whether `BEGIN` was sent. */
  readonly begun: boolean;
  /** BEGIN, take the advisory locks, read the outcomes recorded under `recordKeys` and the documents `keys`. Once. */
  open(
    lockNames: readonly string[],
    recordKeys: readonly string[],
    keys: readonly string[],
  ): Promise<OpenRow[]>;
  /**
   * Runs the named statement (the commit call), then COMMIT, in one round trip (`WireQuery`): the rows of the
   * statement. Once it succeeded the unit of work is over: `commit` only gives the connection back. When it
   * fails, nothing was committed: `rollback` ends the aborted transaction.
   */
  finish(query: NamedQuery, values: readonly unknown[]): Promise<WireRow[]>;
  /** COMMIT (when begun) and give the connection back. Throws `STORE_ERROR` if nothing was committed. */
  commit(): Promise<void>;
  /**
   * ROLLBACK (when begun and the connection still works) and give it back; a broken one is destroyed.
   * With `strict`, a ROLLBACK that could not be sent throws `STORE_ERROR`.
   */
  rollback(strict?: boolean): Promise<void>;
}

/**
 * Sends `statement` with `BEGIN` or `COMMIT` (`mode`) in one round trip. With `committedThen`, an error that
 * arrives after `COMMIT` completed (the connection ended: see `WireQuery`) is handed to it and the answer stands.
 */
function send(
  client: PoolClient,
  statement: NamedQuery,
  values: readonly unknown[],
  mode: WireMode,
  committedThen?: (error: Error) => void,
): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const sent = new WireQuery(statement, values, mode, (error, answer) => {
      if (error === null && answer !== undefined) return resolve(answer);
      const failure = error ?? new Error('No answer.');
      if (committedThen === undefined || !sent.committed || answer === undefined) return reject(failure);
      committedThen(failure);
      resolve(answer);
    });
    client.query(sent as unknown as Parameters<PoolClient['query']>[0]);
  });
}

export async function acquireSession(pool: Pool, openStatement: NamedQuery): Promise<Session> {
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
  /** COMMIT was sent with the last statement and answered (`finish`). */
  let finished = false;
  let done = false;
  const give = (destroy?: Error): void => {
    if (done) return;
    done = true;
    client.off('error', onError);
    client.release(destroy ?? lost);
  };

  return {
    client,
    get begun() {
      return begun;
    },
    async open(lockNames, recordKeys, keys) {
      if (begun) throw new EngageLoopError('STORE_CONTRACT_VIOLATION', { message: 'Session opened twice.' });
      begun = true;
      const values = [[...new Set(lockNames)], recordKeys, keys];
      return (await send(client, openStatement, values, 'begin')).rows as OpenRow[];
    },
    async finish(query, values) {
      const answer = await send(client, query, values, 'commit', (error) => {
        // Committed, then the connection ended (see `WireQuery`): it is not given back to the pool.
        lost = error;
      });
      // COMMIT of a transaction that an earlier statement aborted answers ROLLBACK, not an error.
      if (answer.commands.at(-1) !== 'COMMIT') {
        throw new EngageLoopError('STORE_ERROR', {
          message: 'The unit of work was rolled back: a statement in it had failed.',
        });
      }
      finished = true;
      return answer.rows;
    },
    async commit() {
      if (!begun || finished) return give();
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
      if (!begun || finished) return give();
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
