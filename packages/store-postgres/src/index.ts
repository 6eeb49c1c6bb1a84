// Public API of @engageloop/store-postgres. Named exports only.

export type { PostgresMigration } from './migrations';
export { migratePostgres, POSTGRES_MIGRATIONS } from './migrations';
export type { PostgresStore, PostgresStoreOptions } from './postgres-store';
export { createPostgresStore } from './postgres-store';
