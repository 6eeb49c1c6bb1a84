/**
 * Issue 8: a crash mid-dispatch loses and doubles nothing. Two ways to crash, on SQLite (a file in a tmp
 * dir) and PostgreSQL: a commit that fails inside the database transaction (the stores' fault hooks), and
 * an app instance (a worker thread) terminated mid-dispatch. After a restart (a new store on the same
 * database) and a replay of every event, the persisted state equals a clean single-process run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, Store } from '@engageloop/core';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { failNextPostgresCommit } from '../../packages/store-postgres/src/faults';
import {
  describePg,
  dropSchemas,
  freshSchema,
  openStore,
  PG_URL,
} from '../../packages/store-postgres/src/pg-test-support';
import { failNextSqliteCommit } from '../../packages/store-sqlite/src/faults';
import { referenceRun } from './support/reference';
import { shuffled, snapshot, storesEngine, TICKS, taskEvents, userIds } from './support/scenario';
import type { WorkerInput } from './support/worker-main';
import { startWorker } from './support/workers';

const EVENTS = 600;
const USERS = 30;
const events = taskEvents(EVENTS, USERS, 7);
const users = userIds(USERS);

interface Target {
  /** Opens a store on the (same) database: a restart. */
  open(): Promise<Store>;
  failNextCommit(store: Store): void;
  worker: WorkerInput['store'];
}

/** Restart: a fresh store and engine replay every event, then tick; returns how many were applied. */
async function restartAndReplay(target: Target): Promise<{ applied: number; store: Store; engine: Engine }> {
  const store = await target.open();
  const engine = await storesEngine(store);
  let applied = 0;
  for (const event of events) if ((await engine.dispatch(event)).status === 'applied') applied += 1;
  for (const now of TICKS) while ((await engine.tick(now)).outcomes.some((o) => o.status === 'applied'));
  return { applied, store, engine };
}

async function expectLikeReference(store: Store): Promise<void> {
  const reference = await referenceRun(events, users);
  const actual = await snapshot(store, users);
  expect(actual.users).toEqual(reference.snapshot.users);
  expect(actual.messages).toEqual(reference.snapshot.messages);
  expect(actual.timers).toEqual(reference.snapshot.timers);
  expect(new Set(actual.messages).size).toBe(EVENTS);
}

function crashSuite(target: () => Target): void {
  it('a commit failing mid-dispatch writes nothing; after restart and replay nothing is lost or doubled', async () => {
    const t = target();
    const firstStore = await t.open();
    const first = await storesEngine(firstStore);
    const failAt = 250;
    for (const event of events.slice(0, failAt)) await first.dispatch(event);
    const victim = events[failAt];
    if (victim === undefined) throw new Error('no event to fail');
    const before = await first.getUser(victim.userId ?? '');
    t.failNextCommit(firstStore);
    await expect(first.dispatch(victim)).rejects.toMatchObject({ code: 'STORE_ERROR' });
    expect(await first.getUser(victim.userId ?? '')).toEqual(before);
    expect((await firstStore.listMessages()).some((m) => m.eventId === victim.id)).toBe(false);
    await first.close();

    const { applied, engine, store } = await restartAndReplay(t);
    expect(applied).toBe(EVENTS - failAt);
    await expectLikeReference(store);
    await engine.close();
  }, 60_000);

  it('an app instance terminated mid-dispatch: after restart and replay nothing is lost or doubled', async () => {
    const t = target();
    await (await t.open()).close();
    const worker = await startWorker({
      store: t.worker,
      events: shuffled(events, 11),
      concurrency: 4,
      name: 'engageloop-crash',
    });
    const dispatched = worker.run({ cmd: 'dispatch' }, 'dispatched').catch(() => undefined);
    await worker.progress(150);
    await worker.terminate();
    expect(await dispatched).toBeUndefined();

    const { applied, engine, store } = await restartAndReplay(t);
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(EVENTS);
    await expectLikeReference(store);
    await engine.close();
  }, 60_000);
}

describe('SQLite (a file database)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  crashSuite(() => {
    n += 1;
    const filename = join(dir, `crash-${n}.db`);
    return {
      open: async () => createSqliteStore({ filename }),
      failNextCommit: failNextSqliteCommit,
      worker: { kind: 'sqlite', filename },
    };
  });
});

describePg('PostgreSQL', () => {
  afterAll(() => dropSchemas());
  crashSuite(() => {
    const schema = freshSchema();
    return {
      open: () => openStore(schema),
      failNextCommit: failNextPostgresCommit,
      worker: { kind: 'postgres', url: PG_URL ?? '', schema },
    };
  });
});
