/**
 * A `Store` on PostgreSQL, shared by any number of app instances: per-user row locks, leases on the
 * database's clock, counters and top-N answered in SQL, migrations applied on open.
 *
 * @module @engageloop/store-postgres
 */
export type { PostgresMigration } from './migrations';
export { migratePostgres, POSTGRES_MIGRATIONS } from './migrations';
export type { PostgresStore, PostgresStoreOptions } from './postgres-store';
export { createPostgresStore } from './postgres-store';
