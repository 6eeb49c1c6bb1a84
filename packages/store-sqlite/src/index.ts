// Public API of @engageloop/store-sqlite. Named exports only.

export type { Migration } from './migrations';
export { applyMigrations, SQLITE_MIGRATIONS } from './migrations';
export type { SqliteStore, SqliteStoreOptions } from './sqlite-store';
export { createSqliteStore } from './sqlite-store';
