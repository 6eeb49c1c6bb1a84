/**
 * Issue 19, item 8: `engine.forgetUser` erases a user everywhere. After the workload (see
 * support/erasure-scenario.ts), a scan of everything each store holds — every memory-store structure, every
 * table of the SQLite file, every row of every table of the PostgreSQL schema as text — finds neither the
 * user's id, nor their name, nor the phone number they wrote. The other user's data is intact, a replay of
 * the forgotten user's old event stays a duplicate, and a new event for the same id starts a fresh user.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, forgottenUserId, type Store } from '@engageloop/core';
import { memoryStoreContents } from '@engageloop/core/internal';
import { createSqliteStore } from '@engageloop/store-sqlite';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  admin,
  describePg,
  dropSchemas,
  freshSchema,
  openStore,
} from '../../packages/store-postgres/src/pg-test-support';
import {
  AFTER_TICK,
  BEFORE_DRAIN,
  erasureEngine,
  FORGOTTEN,
  KEY,
  NAME,
  OTHER,
  runWorkload,
  TEXT,
} from './support/erasure-scenario';

const PSEUDONYM = forgottenUserId(FORGOTTEN, KEY);
/** Everything the store holds, as text; read after the store is closed. */
type Scan = () => Promise<string>;

async function needsOf(store: Store): Promise<Array<{ key: string; value: unknown }>> {
  const docs: Array<{ key: string; value: unknown }> = [];
  for await (const doc of store.listDocuments('need:')) docs.push(doc);
  return docs;
}

async function erasure(store: Store, scan: Scan): Promise<void> {
  const engine = await erasureEngine(store);
  await runWorkload(engine);

  // The workload left the user everywhere it could.
  const mine = await store.listMessages({ userId: FORGOTTEN });
  expect(mine.filter((m) => m.status === 'sent').length).toBeGreaterThan(0);
  expect(mine.filter((m) => m.status === 'pending').length).toBeGreaterThan(0);
  expect(await store.listTimers({ userId: FORGOTTEN })).not.toEqual([]);
  const user = await engine.getUser(FORGOTTEN);
  expect(JSON.stringify(user)).toContain(NAME);
  expect(JSON.stringify(user?.slices.incentives)).toContain('need voiced');
  // The replies slice keeps the actions an undo can still reach: the last one (o2) is there.
  expect(JSON.stringify(user?.slices.replies)).toContain('"eventId":"o2"');
  expect(JSON.stringify(mine)).toContain(NAME); // care and reply messages greet them by name
  const needsBefore = JSON.stringify(await needsOf(store));
  expect(needsBefore).toContain(TEXT);
  expect(needsBefore.split(FORGOTTEN).length).toBeGreaterThan(3); // author, supporter, notice
  const otherUser = await engine.getUser(OTHER);
  const otherMessages = await store.listMessages({ userId: OTHER });
  const otherTimers = await store.listTimers({ userId: OTHER });

  const report = await engine.forgetUser(FORGOTTEN);
  expect(report).toEqual({ pseudonym: PSEUDONYM, documents: 2 });

  // The other user is intact; their need keeps its text, with the forgotten supporter pseudonymised.
  expect(await engine.getUser(OTHER)).toEqual(otherUser);
  expect(await store.listMessages({ userId: OTHER })).toEqual(otherMessages);
  expect(await store.listTimers({ userId: OTHER })).toEqual(otherTimers);
  expect(await store.getDocument('need:fb-bob')).toMatchObject({
    userId: OTHER,
    text: 'dark mode please',
    supporters: [OTHER, PSEUDONYM],
    status: 'adopted',
  });
  expect(await store.getDocument('need:fb-alice')).toMatchObject({ userId: PSEUDONYM, text: '', tags: [] });
  // Delivered messages still count, under the pseudonym and without their text.
  const kept = await store.listMessages({ userId: PSEUDONYM });
  expect(kept.length).toBe(mine.filter((m) => m.status === 'sent').length);
  for (const m of kept) expect([m.status, m.body, m.subject, m.data]).toEqual(['sent', '', null, {}]);

  // A replay of an old event stays a duplicate (exactly-once) and reveals nothing; a new event starts afresh.
  const replay = await engine.dispatch(BEFORE_DRAIN[3]);
  expect(replay).toMatchObject({ status: 'duplicate', userId: PSEUDONYM, effects: [], messages: [] });
  expect(await engine.getUser(FORGOTTEN)).toBeUndefined();
  const fresh = await engine.dispatch({
    ...(AFTER_TICK[0] as object),
    id: 'fresh-1',
    type: 'user.signedUp',
    payload: {},
  });
  expect(fresh.status).toBe('applied');
  const reborn = await engine.getUser(FORGOTTEN);
  expect(reborn?.counts).toEqual({ 'user.signedUp': 1 });
  expect(JSON.stringify(reborn)).not.toContain(NAME);
  await engine.forgetUser(FORGOTTEN); // and gone again

  await engine.close();
  const everything = await scan();
  expect(everything.length).toBeGreaterThan(1_000);
  expect(everything).toContain(OTHER);
  expect(everything).toContain(PSEUDONYM);
  for (const secret of [FORGOTTEN, NAME, TEXT, '555-1234']) expect(everything).not.toContain(secret);
}

describe('forgetUser erases everything: memory store', () => {
  it('leaves nothing in any memory-store structure', async () => {
    const store = createMemoryStore();
    await erasure(store, async () => memoryStoreContents(store));
  }, 60_000);
});

describe('forgetUser erases everything: SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-erasure-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves nothing in any table of the file', async () => {
    const filename = join(dir, 'erasure.db');
    await erasure(createSqliteStore({ filename }), async () => {
      const db = new Database(filename, { readonly: true });
      try {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
          name: string;
        }>;
        expect(tables.map((t) => t.name)).toEqual(
          expect.arrayContaining(['docs', 'outbox', 'outcomes', 'timers']),
        );
        return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM "${t.name}"`).all()));
      } finally {
        db.close();
      }
    });
  }, 60_000);
});

describePg('forgetUser erases everything: PostgreSQL', () => {
  afterAll(() => dropSchemas());

  it('leaves nothing in any row of any table of the schema', async () => {
    const schema = freshSchema();
    await erasure(await openStore(schema), async () => {
      const tables = await admin<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
        [schema],
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['docs', 'outbox', 'outcomes', 'timers']),
      );
      const rows: string[] = [];
      for (const { table_name } of tables) {
        // Each row as text: every column (text, jsonb, compressed documents) cast to text.
        const found = await admin<{ row: string }>(
          `SELECT t::text AS row FROM "${schema}"."${table_name}" t`,
        );
        rows.push(...found.map((r) => r.row));
      }
      return rows.join('\n');
    });
  }, 60_000);
});
