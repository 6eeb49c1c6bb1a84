import { EngageLoopError, toEngageLoopError } from '@engageloop/core';
import pg, { type Pool, type PoolClient, type QueryResult } from 'pg';
import type { NamedQuery } from './statements';

/** Rows of `engageloop_open3`: the recorded outcomes asked for that exist, and the documents found. */
export interface OpenRow {
  r_kind: 'outcome' | 'doc';
  r_key: string;
  r_value: string;
  r_user: string | null;
  r_at: string | null;
  r_fp: string | null;
}

/** The parts of `pg`'s connection and `Query` that `BeginQuery` uses (pg 8: `lib/query.js`, `lib/connection.js`). */
interface Wire {
  parse(message: { text: string; name: string; types: unknown[] }): void;
  bind(message: { portal: string; statement: string; values: unknown[] }): void;
  execute(message: { portal: string; rows: number }): void;
  submittedNamedStatements: Record<string, string>;
}
interface PreparedQuery {
  readonly text: string;
  readonly name: string;
  hasBeenParsed(connection: Wire): boolean;
  prepare(connection: Wire): void;
  handleCommandComplete(message: { text: string }, connection: Wire): void;
  /** The results so far: one, or one per statement once a second one completed. */
  readonly _results: QueryResult | QueryResult[];
}
type QueryCallback = (error: Error | null, results: Array<QueryResult<OpenRow>>) => void;
const PgQuery = pg.Query as unknown as new (
  config: NamedQuery & { values: unknown[] },
  callback: QueryCallback,
) => PreparedQuery;

/**
 * A named statement with `BEGIN` in front of it, in one batch of extended-protocol messages and one Sync:
 * Parse of the statement (its first use on the connection), Parse/Bind/Execute of `BEGIN`, then `pg`'s own
 * Bind/Describe/Execute/Sync of the statement. The server starts the transaction block, then runs the
 * statement in it: one round trip, one socket write, and a statement parsed and planned once per connection
 * instead of a query text parsed and planned for every unit of work. The statement's Parse goes first so
 * that the first ParseComplete, which `pg` takes as the statement's, is the statement's. The results are
 * those of `BEGIN` and of the statement, as for a multi-statement simple query.
 */
class BeginQuery extends PgQuery {
  override prepare(connection: Wire): void {
    if (!this.hasBeenParsed(connection)) {
      connection.parse({ text: this.text, name: this.name, types: [] });
      connection.submittedNamedStatements[this.name] = this.text;
    }
    connection.parse({ text: 'BEGIN', name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [] });
    connection.execute({ portal: '', rows: 0 });
    super.prepare(connection);
  }
}

type ResultsCallback = (error: Error | null, results: QueryResult[]) => void;

/**
 * A named statement with `COMMIT` behind it, in one batch of extended-protocol messages and one Sync: `pg`'s
 * own Parse (its first use on the connection)/Bind/Describe/Execute of the statement, then Parse/Bind/Execute of
 * `COMMIT`, then the Sync (`_getRows` is where `pg` 8 sends the statement's Execute and the Sync). The server
 * runs the statement, then commits: one round trip instead of two. A statement that fails makes the server
 * skip the rest up to the Sync, so `COMMIT` never follows a failed statement (the transaction stays open,
 * aborted, for the store's ROLLBACK). The results are those of the statement and of `COMMIT`.
 *
 * The server sends the replies of an extended-protocol batch at its Sync: a backend told to end meanwhile (say
 * during the commit's WAL flush) ends after `COMMIT` and sends them with its FATAL error. `committed` says
 * `COMMIT`'s completion came before the error: the unit of work is committed, its connection is not.
 */
class CommitQuery extends PgQuery {
  committed = false;

  override handleCommandComplete(message: { text: string }, connection: Wire): void {
    super.handleCommandComplete(message, connection);
    if (message.text === 'COMMIT') this.committed = true;
  }

  /** The statement's rows, once `COMMIT` completed. */
  statementRows(): unknown[] {
    const results = this._results;
    return (Array.isArray(results) ? results[0] : results)?.rows ?? [];
  }

  _getRows(connection: Wire & { sync(): void }, rows: number | undefined): void {
    connection.execute({ portal: '', rows: rows ?? 0 });
    connection.parse({ text: 'COMMIT', name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [] });
    connection.execute({ portal: '', rows: 0 });
    connection.sync();
  }
}

/**
 * One pooled connection for one unit of work. The database transaction starts lazily, with the unit of
 * work's first read (or its commit): `BEGIN` and the prepared call of `engageloop_open3` travel in one
 * batch (`BeginQuery`), so taking the locks and reading cost one round trip.
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
   * Runs the named statement (the commit call), then COMMIT, in one round trip (`CommitQuery`): the rows of the
   * statement. Once it succeeded the unit of work is over: `commit` only gives the connection back. When it
   * fails, nothing was committed: `rollback` ends the aborted transaction.
   */
  finish<R extends object>(query: NamedQuery, values: unknown[]): Promise<R[]>;
  /** COMMIT (when begun) and give the connection back. Throws `STORE_ERROR` if nothing was committed. */
  commit(): Promise<void>;
  /**
   * ROLLBACK (when begun and the connection still works) and give it back; a broken one is destroyed.
   * With `strict`, a ROLLBACK that could not be sent throws `STORE_ERROR`.
   */
  rollback(strict?: boolean): Promise<void>;
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
      const values = [[...new Set(lockNames)], [...recordKeys], [...keys]];
      const results = await new Promise<Array<QueryResult<OpenRow>>>((resolve, reject) => {
        client.query(
          new BeginQuery({ ...openStatement, values }, (error, answer) =>
            error ? reject(error) : resolve(answer),
          ),
        );
      });
      return results[1]?.rows ?? [];
    },
    async finish<R extends object>(query: NamedQuery, values: unknown[]) {
      const results = await new Promise<QueryResult[]>((resolve, reject) => {
        const callback: ResultsCallback = (error, answer) => {
          if (error === null) return resolve(answer);
          if (!sent.committed) return reject(error);
          // Committed, then the connection ended (see `CommitQuery`): it is not given back to the pool.
          lost = error;
          resolve([
            { rows: sent.statementRows(), command: 'SELECT' },
            { command: 'COMMIT' },
          ] as QueryResult[]);
        };
        const sent = new CommitQuery({ ...query, values }, callback as unknown as QueryCallback);
        client.query(sent);
      });
      const ended = results[1];
      // COMMIT of a transaction that an earlier statement aborted answers ROLLBACK, not an error.
      if (ended?.command !== 'COMMIT') {
        throw new EngageLoopError('STORE_ERROR', {
          message: 'The unit of work was rolled back: a statement in it had failed.',
        });
      }
      finished = true;
      return (results[0]?.rows ?? []) as R[];
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
