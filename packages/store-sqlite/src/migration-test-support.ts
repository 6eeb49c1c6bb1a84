/** Helpers of the migration tests (`*-migration*.test.ts`): old files, a temporary folder, a file's indexes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitWrite } from '@engageloop/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { applyMigrations, SQLITE_MIGRATIONS } from './migrations';

/** A commit of `record` alone (or of nothing), and of the documents `docs`. */
export const recordWrite = (record?: CommitWrite['record'], docs: CommitWrite['docs'] = []): CommitWrite => ({
  docs,
  counters: [],
  messages: [],
  cancelMessages: [],
  ...(record === undefined ? {} : { record }),
  timers: { schedule: [], cancel: [], complete: [] },
});

/** Names of the indexes of `table` in a closed file, in name order. */
export function indexesOf(file: string, table: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name")
      .pluck()
      .all(table) as string[];
  } finally {
    db.close();
  }
}

/** A fresh temporary folder per test of the enclosing `describe` (removed after each): `path(name)` in it. */
export function tempFolder(prefix: string): { path: (name: string) => string } {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return { path: (name) => join(dir, name) };
}

/** Opens `file` (16 KiB pages when new) at schema `version`: the steps up to it only. Close it when done. */
export function oldSchema(file: string, version: number): Database.Database {
  const db = new Database(file);
  db.pragma('page_size = 16384');
  applyMigrations(
    db,
    SQLITE_MIGRATIONS.filter((m) => m.version <= version),
  );
  return db;
}
