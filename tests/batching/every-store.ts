import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type Store } from '@engageloop/core';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { afterAll, describe, it } from 'vitest';
import {
  describePg,
  dropSchemas,
  freshSchema,
  openStore,
} from '../../packages/store-postgres/src/pg-test-support';

/** A property over fresh stores: `open` gives a new empty store for each run. */
export type StoreProperty = (open: () => Promise<Store>, runs: number) => () => Promise<void>;

/**
 * Runs one property on the memory store, SQLite (a file per run in a temp folder) and PostgreSQL (a schema
 * per run; skipped with the reason printed when no server is configured), with runs per store as given.
 */
export function onEveryStore(
  title: string,
  property: StoreProperty,
  runs: { memory: number; sqlite: number; postgres: number },
): void {
  describe('memory store', () => {
    it(
      title,
      property(async () => createMemoryStore(), runs.memory),
      240_000,
    );
  });

  describe('SQLite store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'engageloop-batching-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    let n = 0;
    const open = async () => createSqliteStore({ filename: join(dir, `run-${++n}.db`) });
    it(title, property(open, runs.sqlite), 240_000);
  });

  describePg('PostgreSQL store', () => {
    afterAll(() => dropSchemas());
    it(
      title,
      property(() => openStore(freshSchema()), runs.postgres),
      240_000,
    );
  });
}
