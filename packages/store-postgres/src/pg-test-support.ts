// Test support (not part of the package API): per-test schemas on the server named by ENGAGELOOP_PG_URL.
import pg from 'pg';
import { describe } from 'vitest';
import { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store';

export const PG_URL = process.env.ENGAGELOOP_PG_URL;

/** `describe` when a server is configured; otherwise `describe.skip`, with the reason printed. */
export function describePg(name: string, body: () => void): void {
  if (PG_URL === undefined || PG_URL === '') {
    // biome-ignore lint/suspicious/noConsole: test support; the reason for skipping must be printed.
    console.warn(
      `${name}: PostgreSQL tests skipped: set ENGAGELOOP_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test)`,
    );
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}

let counter = 0;
const created: string[] = [];

/** A schema name no other test (in this or another worker process) uses. */
export function freshSchema(): string {
  counter += 1;
  const schema = `engageloop_t${process.pid}_${counter}`;
  created.push(schema);
  return schema;
}

/** Opens a store on `schema` with its own pool, migrated. */
export async function openStore(
  schema: string,
  options: Omit<PostgresStoreOptions, 'schema'> = {},
): Promise<PostgresStore> {
  const store = createPostgresStore({ connectionString: PG_URL, ...options, schema });
  await store.migrate();
  return store;
}

/** Runs one statement on a separate connection (an administrator's view of the database). */
export async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Drops every schema `freshSchema` handed out in this process. */
export async function dropSchemas(): Promise<void> {
  const names = created.splice(0);
  // One statement on one connection: a contract run leaves ~70 schemas, dropped one by one they outlast a hook.
  if (names.length > 0) await admin(`DROP SCHEMA IF EXISTS ${names.map((n) => `"${n}"`).join(', ')} CASCADE`);
}
