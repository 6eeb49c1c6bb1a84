/**
 * Databases left by an earlier version, for the migration tests: a SQLite file or a PostgreSQL schema migrated
 * only to a given step, holding rows written the way that version wrote them. Opening a store on it runs the
 * remaining migrations, which is what the tests check.
 */
import { migratePostgres, POSTGRES_MIGRATIONS } from '@engageloop/store-postgres';
import { applyMigrations, SQLITE_MIGRATIONS } from '@engageloop/store-sqlite';
import Database from 'better-sqlite3';
import pg from 'pg';
import { admin, freshSchema, PG_URL } from '../../../packages/store-postgres/src/pg-test-support';

type Row = readonly unknown[];

/** Writes `filename` at SQLite migration step `steps`, then runs `insert` (a statement with `?` slots) per row. */
export function oldSqliteFile(filename: string, steps: number, insert: string, rows: readonly Row[]): void {
  const db = new Database(filename);
  try {
    applyMigrations(db, SQLITE_MIGRATIONS.slice(0, steps));
    const statement = db.prepare(insert);
    for (const row of rows) statement.run(...row);
  } finally {
    db.close();
  }
}

/** A fresh PostgreSQL schema at migration step `steps`, then `insert(schema)` (`$n` slots) run per row. */
export async function oldPostgresSchema(
  steps: number,
  insert: (schema: string) => string,
  rows: readonly Row[],
): Promise<string> {
  const schema = freshSchema();
  const pool = new pg.Pool({ connectionString: PG_URL, max: 1 });
  try {
    await migratePostgres(pool, schema, POSTGRES_MIGRATIONS.slice(0, steps));
  } finally {
    await pool.end();
  }
  for (const row of rows) await admin(insert(schema), [...row]);
  return schema;
}
