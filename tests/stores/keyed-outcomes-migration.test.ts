/**
 * Issue 19: recorded outcomes are keyed per user and source now. A database written before (outcomes keyed
 * by the raw event id, `timer:…` ids for fired timers, timers without attempts) keeps working after the
 * migration: its events replay as duplicates under their user, its fired timers stay recorded in the timer
 * namespace, and another user's event with the same id is applied for them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoopEvent, recordKey, type Store } from '@engageloop/core';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { describePg, dropSchemas, openStore } from '../../packages/store-postgres/src/pg-test-support';
import { oldPostgresSchema, oldSqliteFile } from './support/old-schema';
import { storesEngine } from './support/scenario';

const OLD_EVENT: LoopEvent = {
  id: 'e1',
  type: 'task.done',
  userId: 'u1',
  at: '2026-01-02T10:00:00Z',
  payload: {},
};
const oldOutcome = (eventId: string) =>
  JSON.stringify({
    eventId,
    userId: 'u1',
    type: 'task.done',
    status: 'applied',
    fired: ['task-points'],
    effects: [],
    messages: [],
    timers: { scheduled: [], cancelled: [] },
    emitted: [],
  });
/** Rows as the previous version wrote them: (event_id, user_id, outcome, committed_at). */
const OUTCOME_COLUMNS = 'event_id, user_id, outcome, committed_at';

const OLD_ROWS: Array<[string, string, string, number]> = [
  ['e1', 'u1', oldOutcome('e1'), 1],
  ['timer:t1@5', 'u1', oldOutcome('timer:t1@5'), 2],
];

async function afterUpgrade(store: Store): Promise<void> {
  const timerRecord = await store.transact(['user:u1'], (tx) =>
    tx.recorded(recordKey('timer', 'u1', 'timer:t1@5')),
  );
  expect(timerRecord).toMatchObject({ userId: 'u1', outcome: { eventId: 'timer:t1@5' } });
  expect(timerRecord).not.toHaveProperty('fingerprint');
  const engine = await storesEngine(store);
  const replay = await engine.dispatch(OLD_EVENT);
  expect(replay).toMatchObject({
    status: 'duplicate',
    userId: 'u1',
    source: 'event',
    fired: ['task-points'],
  });
  expect(await engine.getUser('u1')).toBeUndefined();
  const other = await engine.dispatch({ ...OLD_EVENT, userId: 'u2' });
  expect(other).toMatchObject({ status: 'applied', userId: 'u2' });
  await engine.close();
}

describe('keyed outcomes migration: SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('re-keys outcomes written by the previous schema', async () => {
    const filename = join(dir, 'old.db');
    oldSqliteFile(filename, 1, `INSERT INTO outcomes (${OUTCOME_COLUMNS}) VALUES (?, ?, ?, ?)`, OLD_ROWS);
    await afterUpgrade(createSqliteStore({ filename }));
  });
});

describePg('keyed outcomes migration: PostgreSQL', () => {
  afterAll(() => dropSchemas());

  it('re-keys outcomes written by the previous schema', async () => {
    const schema = await oldPostgresSchema(
      3,
      (name) => `INSERT INTO "${name}".outcomes (${OUTCOME_COLUMNS}) VALUES ($1, $2, $3, $4)`,
      OLD_ROWS,
    );
    await afterUpgrade(await openStore(schema));
  });
});
