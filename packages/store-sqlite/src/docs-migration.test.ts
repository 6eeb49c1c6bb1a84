/**
 * Migration 9 moves the documents into a rowid table: a file written by the previous schema upgrades on open
 * with every document, its version and its key's uniqueness kept, and a document larger than the ~4 KB a
 * WITHOUT ROWID table keeps on its b-tree page no longer takes an overflow page.
 */
import { join } from 'node:path';
import type { CommitWrite } from '@engageloop/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { commitOf, openAtSchema, useTempDir } from './migration-test-support';
import { applyMigrations } from './migrations';
import { createSqliteStore } from './sqlite-store';

const docsWrite = (docs: CommitWrite['docs']): CommitWrite => commitOf({ docs });

/** A document whose JSON text is about `bytes` long. */
const sized = (bytes: number, n: number) => ({ n, text: 'x'.repeat(bytes) });

/** Pages of `docs` (b-tree and overflow) in a closed file, and whether the table is a rowid table. */
function docsTable(file: string): { overflow: number; rowid: boolean } {
  const db = new Database(file, { readonly: true });
  try {
    const { overflow } = db
      .prepare("SELECT count(*) AS overflow FROM dbstat WHERE name = 'docs' AND pagetype = 'overflow'")
      .get() as { overflow: number };
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'docs'").pluck().get() as string;
    return { overflow, rowid: !/WITHOUT ROWID/i.test(sql) };
  } finally {
    db.close();
  }
}

describe('SQLite migration 9: documents in a rowid table', () => {
  const dir = useTempDir('engageloop-sqlite-m9-');

  it('upgrades a file of schema 8: documents and versions kept, a large one off its overflow page', async () => {
    const file = join(dir(), 'old.db');
    const old = openAtSchema(file, 8, 16384);
    const insert = old.prepare('INSERT INTO docs (key, value, version) VALUES (?, ?, ?)');
    insert.run('user:big', JSON.stringify(sized(9_000, 1)), 7);
    insert.run('user:small', JSON.stringify({ points: 3 }), 2);
    old.close();
    expect(docsTable(file)).toEqual({ overflow: 1, rowid: false });

    const store = createSqliteStore({ filename: file });
    expect(await store.getDocument('user:big')).toEqual(sized(9_000, 1));
    expect(await store.getDocument('user:small')).toEqual({ points: 3 });
    await store.transact(['user:big'], (tx) =>
      tx.commit(docsWrite([{ key: 'user:big', value: sized(9_500, 2) }])),
    );
    const listed = [];
    for await (const doc of store.listDocuments('user:')) listed.push(doc.key);
    expect(listed).toEqual(['user:big', 'user:small']);
    await store.close();

    expect(docsTable(file)).toEqual({ overflow: 0, rowid: true });
    const db = new Database(file);
    expect(db.prepare('SELECT key, version FROM docs ORDER BY key').raw().all()).toEqual([
      ['user:big', 8],
      ['user:small', 2],
    ]);
    // The key stays unique, and reopening applies nothing more.
    expect(() => db.prepare("INSERT INTO docs (key, value) VALUES ('user:small', '{}')").run()).toThrow(
      /UNIQUE/,
    );
    expect(applyMigrations(db)).toEqual([]);
    db.close();
  });

  it('a new file keeps a document of ~12 KB on its b-tree page', async () => {
    const file = join(dir(), 'new.db');
    const store = createSqliteStore({ filename: file });
    await store.transact(['user:u1'], (tx) =>
      tx.commit(docsWrite([{ key: 'user:u1', value: sized(12_000, 1) }])),
    );
    expect(await store.getDocument('user:u1')).toEqual(sized(12_000, 1));
    await store.close();
    expect(docsTable(file)).toEqual({ overflow: 0, rowid: true });
  });
});
