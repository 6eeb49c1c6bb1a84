/**
 * An embedded, persistent `Store` on SQLite (better-sqlite3), for one process: one file, WAL, migrations
 * applied on open.
 *
 * @module @engageloop/store-sqlite
 */
export type { Migration } from './migrations';
export { applyMigrations, SQLITE_MIGRATIONS } from './migrations';
export type { SqliteStore, SqliteStoreOptions } from './sqlite-store';
export { createSqliteStore } from './sqlite-store';
