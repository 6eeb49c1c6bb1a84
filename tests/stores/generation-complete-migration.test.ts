/**
 * A fired timer is completed only while it is the arming that fired (PostgreSQL migration 10: `engageloop_commit6`;
 * SQLite reads the generation from the same column, no step). Timers stored by the previous version keep their
 * rows: one with a generation stays when armed again at its due time while it fired, one stored without a
 * generation is completed as before, and an instance of the previous version (still calling
 * `engageloop_commit4` during a rolling upgrade) completes by due time as it did.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitWrite, Store, TimerCompletion, TimerRecord } from '@engageloop/core';
import { createSqliteStore, SQLITE_MIGRATIONS } from '@engageloop/store-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { admin, describePg, dropSchemas, openStore } from '../../packages/store-postgres/src/pg-test-support';
import { oldPostgresSchema, oldSqliteFile } from './support/old-schema';

const COLUMNS = 'id, user_id, type, due_at, payload, plugin, event_id';
const FIRST = '0123456789abcdef';
/** Rows as the previous version wrote them: a timer with a generation (the wrapped payload), two without. */
const OLD_ROWS: unknown[][] = [
  [
    'armed',
    'u1',
    'ping',
    1_000,
    `\u0001${JSON.stringify({ payload: { n: 1 }, generation: FIRST })}`,
    'p',
    'e1',
  ],
  ['plain', 'u1', 'ping', 1_000, '{"n":1}', 'p', 'e1'],
  ['older', 'u1', 'ping', 1_000, '{"n":1}', 'p', 'e1'],
];
const base = { userId: 'u1', type: 'ping', dueAt: 1_000, payload: { n: 1 }, plugin: 'p', eventId: 'e1' };

const timers = (parts: Partial<CommitWrite['timers']>): CommitWrite => ({
  docs: [],
  counters: [],
  messages: [],
  cancelMessages: [],
  timers: { schedule: [], cancel: [], complete: [], ...parts },
});
const commit = (store: Store, write: CommitWrite) =>
  store.transact(['user:u1'], (tx) => tx.commit(write, { final: true }));

async function afterUpgrade(store: Store): Promise<void> {
  const claimed = await store.claimTimers({ now: 1_000, limit: 10, leaseMs: 60_000, worker: 'w1' });
  expect(claimed.map((t) => [t.id, t.generation])).toEqual([
    ['armed', FIRST],
    ['older', undefined],
    ['plain', undefined],
  ]);
  // While they fire, a dispatch of the new version arms `armed` again at the same due time.
  const again: TimerRecord = { ...base, id: 'armed', generation: '1111111111111111', eventId: 'e2' };
  await commit(store, timers({ schedule: [again] }));
  const done: TimerCompletion[] = [
    { id: 'armed', dueAt: 1_000, generation: FIRST },
    { id: 'plain', dueAt: 1_000 },
  ];
  await commit(store, timers({ complete: done }));
  expect(await store.listTimers()).toEqual([again, { ...base, id: 'older' }]);
}

describe('timer completion by generation: SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-generation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('completes only the arming that fired, over rows the previous version wrote', async () => {
    const filename = join(dir, 'old.db');
    const insert = `INSERT INTO timers (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?')})`;
    oldSqliteFile(filename, SQLITE_MIGRATIONS.length, insert, OLD_ROWS);
    const store = createSqliteStore({ filename });
    await afterUpgrade(store);
    await store.close();
  });
});

describePg('timer completion by generation: PostgreSQL', () => {
  afterAll(() => dropSchemas());

  /** A schema at step 9 holding `OLD_ROWS`. */
  const oldSchema = (): Promise<string> => {
    const values = COLUMNS.split(',').map((_, i) => `$${i + 1}`);
    return oldPostgresSchema(
      9,
      (schema) => `INSERT INTO "${schema}".timers (${COLUMNS}) VALUES (${values})`,
      OLD_ROWS,
    );
  };

  it('completes only the arming that fired, over rows the previous version wrote', async () => {
    const store = await openStore(await oldSchema());
    await afterUpgrade(store);
    await store.close();
  });

  it("keeps the previous version's commit working during the upgrade: it completes by due time", async () => {
    const schema = await oldSchema();
    const store = await openStore(schema);
    // The previous version's commit call: `engageloop_commit4`, its completions by id and due time only.
    await admin(
      `SELECT enqueued, conflict FROM "${schema}".engageloop_commit4('{}', '{}', '', '{}', '{}', '{}', '', '{}',
        '{}', '{}', NULL, $1, $2, '{}', NULL)`,
      [
        ['armed', 'older'],
        [1_000, 1_000],
      ],
    );
    expect((await store.listTimers()).map((t) => t.id)).toEqual(['plain']);
    await store.close();
  });
});
