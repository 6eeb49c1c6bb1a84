/** Test support for the migration tests: a temporary folder per test, a file at an earlier schema, a commit. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitWrite } from '@engageloop/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { applyMigrations, SQLITE_MIGRATIONS } from './migrations';

/** A fresh temporary folder for each test of the calling `describe` (removed after it): its path at call time. */
export function useTempDir(prefix: string): () => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/** Opens `file` (created if missing) migrated up to schema `version` only, as an earlier release left it. */
export function openAtSchema(file: string, version: number, pageSize?: number): Database.Database {
  const db = new Database(file);
  if (pageSize !== undefined) db.pragma(`page_size = ${pageSize}`);
  applyMigrations(
    db,
    SQLITE_MIGRATIONS.filter((m) => m.version <= version),
  );
  return db;
}

/** A commit that writes only `parts` (nothing else). */
export const commitOf = (parts: Partial<CommitWrite>): CommitWrite => ({
  docs: [],
  counters: [],
  messages: [],
  cancelMessages: [],
  timers: { schedule: [], cancel: [], complete: [] },
  ...parts,
});
