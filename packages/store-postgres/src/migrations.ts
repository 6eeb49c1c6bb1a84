import type { Pool } from 'pg';
import { batchCommit } from './batch-commit';
import { cancelTime } from './cancel-time';
import { cheaperUnitOfWork } from './cheaper-unit-of-work';
import { finalCommit } from './final-commit';
import { flatCommit } from './flat-commit';
import { unitOfWorkFunctions } from './functions';
import { generationComplete } from './generation-complete';
import { joinedCommit } from './joined-commit';
import { keyedOutcomes } from './keyed-outcomes';
import { WITH_TEXT } from './outbox';

/** One numbered schema step. `sql` receives the quoted schema name. Append new steps; never edit one. */
/** One numbered step of the PostgreSQL schema, applied once in order by `migratePostgres`. */
export interface PostgresMigration {
  /** The step's number; applied steps are recorded by number. */
  version: number;
  /** What the step does, in a few words. */
  name: string;
  /** The step's SQL for the tables in `schema` (quoted by the caller's rules: letters, digits and `_`). */
  sql: (schema: string) => string;
}

/** The schema, as numbered steps. Keys and ids use the "C" collation: byte order, as the store contract wants. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: (s) => `
      CREATE TABLE ${s}.docs (
        key text COLLATE "C" PRIMARY KEY,
        value text NOT NULL,
        version bigint NOT NULL DEFAULT 1
      );
      CREATE TABLE ${s}.counters (key text COLLATE "C" PRIMARY KEY, value double precision NOT NULL);
      CREATE TABLE ${s}.outcomes (
        event_id text PRIMARY KEY,
        user_id text NOT NULL,
        outcome text NOT NULL,
        committed_at bigint NOT NULL
      );
      CREATE INDEX outcomes_user ON ${s}.outcomes (user_id);
      CREATE TABLE ${s}.outbox (
        id text COLLATE "C" PRIMARY KEY,
        dedupe_key text NOT NULL UNIQUE,
        user_id text NOT NULL,
        kind text NOT NULL,
        topic text NOT NULL,
        channel text,
        locale text,
        subject text,
        body text NOT NULL,
        data text NOT NULL,
        event_id text NOT NULL,
        rule_id text,
        plugin text NOT NULL,
        created_at bigint NOT NULL,
        not_before bigint NOT NULL,
        transactional boolean NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL,
        last_error text,
        sent_at bigint,
        lease text,
        lease_until bigint
      );
      CREATE INDEX outbox_ready ON ${s}.outbox (status, next_attempt_at);
      CREATE INDEX outbox_order ON ${s}.outbox (created_at, id);
      CREATE INDEX outbox_user ON ${s}.outbox (user_id);
      CREATE TABLE ${s}.timers (
        id text COLLATE "C" PRIMARY KEY,
        user_id text NOT NULL,
        type text NOT NULL,
        due_at bigint NOT NULL,
        payload text NOT NULL,
        plugin text NOT NULL,
        event_id text NOT NULL,
        lease_owner text,
        lease_until bigint
      );
      CREATE INDEX timers_due ON ${s}.timers (due_at, id);
      CREATE INDEX timers_user ON ${s}.timers (user_id);
      CREATE SEQUENCE ${s}.lease_seq;
    `,
  },
  { version: 2, name: 'one-round-trip open and commit functions', sql: unitOfWorkFunctions },
  {
    version: 3,
    name: 'cheaper open and commit: generic plans, one-lock path, lz4 documents',
    sql: cheaperUnitOfWork,
  },
  {
    version: 4,
    name: 'outcomes keyed per user and source, with envelope fingerprints; timer attempts',
    sql: keyedOutcomes,
  },
  {
    version: 5,
    name: 'batch units of work (open3, commit3: records as arrays); outcomes not yet compacted, by time',
    sql: batchCommit,
  },
  { version: 6, name: 'commit4: outcomes and documents as joined JSON texts', sql: joinedCommit },
  {
    version: 7,
    name: 'commit5: a conflict raises (the commit that ends its unit of work)',
    sql: finalCommit,
  },
  {
    version: 8,
    name: 'outbox retention: finished messages that still hold text, by the time they finished',
    // Only the messages `compactOutbox` has yet to take (see FINISHED_WITH_TEXT in outbox.ts): the size of
    // the retention window. An enqueue does not touch it; an ack or dead-letter appends to it.
    sql: (
      s,
    ) => `CREATE INDEX outbox_finished ON ${s}.outbox (next_attempt_at) WHERE status IN ('sent', 'dead')
  AND ${WITH_TEXT};`,
  },
  {
    version: 9,
    name: 'a cancel records its commit time; outbox retention takes cancelled messages',
    sql: cancelTime,
  },
  {
    version: 10,
    name: 'commit6: a fired timer is completed only while it is the arming (generation) that fired',
    sql: generationComplete,
  },
  { version: 11, name: 'commit7: commit6 in one PL/pgSQL function', sql: flatCommit },
];

/**
 * Brings `schema` to the latest version in ONE transaction that first takes a transaction-level advisory
 * lock, so several app instances may run it at once: one applies the pending steps, the others then find
 * nothing to do. Returns the versions applied by this call.
 */
export async function migratePostgres(
  pool: Pool,
  schema: string,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  const s = quoteIdentifier(schema);
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `engageloop:migrate:${schema}`,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`);
    const applied = new Set(done.rows.map((row) => row.version));
    const now: number[] = [];
    for (const step of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(step.version)) continue;
      await client.query(step.sql(s));
      await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [
        step.version,
        step.name,
      ]);
      now.push(step.version);
    }
    await client.query('COMMIT');
    return now;
  } catch (error) {
    broken = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: unknown) => rollbackError,
    );
    throw error;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}

/** Quotes a schema name; only plain identifiers (letters, digits, `_`, at most 63) are accepted. */
export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new TypeError(`Invalid schema name "${name}": use letters, digits and _ (at most 63).`);
  }
  return `"${name}"`;
}
