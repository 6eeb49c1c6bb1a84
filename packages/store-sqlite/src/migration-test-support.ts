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

/** The names of `table`'s indexes in `file`, sorted. */
export const indexes = (file: string, table = 'outcomes'): string[] => {
  const db = new Database(file, { readonly: true });
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name")
    .pluck()
    .all(table) as string[];
  db.close();
  return names;
};

/** Message `id` of user `userId`, created at `createdAt` (pending, due at once), with the columns it had then. */
export const oldMessage = (id: string, userId: string, createdAt: number): unknown[] => [
  id,
  `${id}:ack`,
  userId,
  'reply',
  'ack',
  'Thanks',
  '{}',
  `event-${id}`,
  'core',
  createdAt,
  createdAt,
  0,
  'pending',
  createdAt,
];

/** Writes `file` at schema `version` holding `messages` (`oldMessage` rows), then runs `more` on it. */
export function oldOutbox(file: string, version: number, messages: unknown[][], more = ''): void {
  const old = openAtSchema(file, version);
  const insert = old.prepare(`INSERT INTO outbox (id, dedupe_key, user_id, kind, topic, body, data, event_id,
    plugin, created_at, not_before, transactional, status, next_attempt_at) VALUES (${Array(14).fill('?')})`);
  for (const row of messages) insert.run(row);
  if (more !== '') old.exec(more);
  old.close();
}
