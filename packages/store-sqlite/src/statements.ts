import type { Database, Statement } from 'better-sqlite3';

/**
 * Prepares each SQL text once per database and hands back the cached statement afterwards.
 * Cached statements are shared: never switch their modes (`pluck`, `raw`, `expand`).
 */
export type Prepare = (sql: string) => Statement;

export function createStatementCache(db: Database): Prepare {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
