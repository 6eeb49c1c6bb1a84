/**
 * Cancelled messages join outbox retention (SQLite migration 5, PostgreSQL migration 9). A message cancelled
 * before the upgrade has no finish time of its own: it kept the time it was next due in `next_attempt_at`,
 * which then serves as its finish time, so `compactOutbox` takes it once `before` passes that.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@engageloop/core';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { admin, describePg, dropSchemas, openStore } from '../../packages/store-postgres/src/pg-test-support';
import { oldPostgresSchema, oldSqliteFile } from './support/old-schema';

const COLUMNS = `id, dedupe_key, user_id, kind, topic, subject, body, data, event_id, plugin, created_at, not_before,
  transactional, status, attempts, next_attempt_at`;
/** A message cancelled by the previous version (due at 2,000), and one sent at 3,000: both with their texts. */
const OLD_ROWS: unknown[][] = [
  [
    'c',
    'c',
    'u1',
    'reply',
    'feedback',
    'hi',
    'body of c',
    '{"a":1}',
    'e1',
    'replies',
    1_000,
    2_000,
    0,
    'cancelled',
    0,
    2_000,
  ],
  [
    's',
    's',
    'u1',
    'reply',
    'feedback',
    null,
    'body of s',
    '{}',
    'e1',
    'replies',
    1_000,
    1_000,
    0,
    'sent',
    1,
    3_000,
  ],
];

async function afterUpgrade(store: Store): Promise<void> {
  expect(await store.compactOutbox({ before: 2_000 })).toBe(0);
  expect(await store.compactOutbox({ before: 2_001 })).toBe(1);
  expect((await store.listMessages({ status: 'cancelled' }))[0]).toMatchObject({
    id: 'c',
    body: '',
    subject: null,
    data: {},
    nextAttemptAt: 2_000,
  });
  expect(await store.compactOutbox({ before: 5_000 })).toBe(1);
  await store.close();
}

describe('cancelled messages join outbox retention: SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-cancel-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes messages cancelled before the upgrade by the time they were next due', async () => {
    const filename = join(dir, 'old.db');
    oldSqliteFile(
      filename,
      4,
      `INSERT INTO outbox (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?')})`,
      OLD_ROWS,
    );
    await afterUpgrade(createSqliteStore({ filename }));
  });
});

describePg('cancelled messages join outbox retention: PostgreSQL', () => {
  afterAll(() => dropSchemas());

  /** A schema at step 8 holding `OLD_ROWS`. */
  async function oldSchema(): Promise<string> {
    const values = COLUMNS.split(',').map((_, i) => `$${i + 1}`);
    // PostgreSQL's `transactional` is a boolean where SQLite keeps 0/1.
    const rows = OLD_ROWS.map((row) => [...row.slice(0, 12), row[12] === 1, ...row.slice(13)]);
    return oldPostgresSchema(
      8,
      (schema) => `INSERT INTO "${schema}".outbox (${COLUMNS}) VALUES (${values})`,
      rows,
    );
  }

  it('takes messages cancelled before the upgrade by the time they were next due', async () => {
    await afterUpgrade(await openStore(await oldSchema()));
  });

  it('upgrades a schema whose operator built the index concurrently beforehand (scale guide)', async () => {
    const schema = await oldSchema();
    // What the scale guide tells an operator of a large outbox to run before upgrading: no transaction.
    await admin(`CREATE INDEX CONCURRENTLY IF NOT EXISTS outbox_compactable ON "${schema}".outbox (next_attempt_at)
      WHERE status IN ('sent', 'dead', 'cancelled')
        AND (body <> '' OR subject IS NOT NULL OR data <> '{}' OR last_error IS NOT NULL)`);
    await admin(`DROP INDEX CONCURRENTLY IF EXISTS "${schema}".outbox_finished`);
    const store = await openStore(schema);
    const indexes = await admin<{ indexname: string }>(
      'SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE $2 ORDER BY 1',
      [schema, 'outbox_%'],
    );
    const names = indexes.map((i) => i.indexname);
    expect(names).toContain('outbox_compactable');
    expect(names).not.toContain('outbox_finished');
    await afterUpgrade(store);
  });
});
