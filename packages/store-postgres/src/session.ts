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
