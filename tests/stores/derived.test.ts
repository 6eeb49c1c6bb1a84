/**
 * Derived events on the persistent stores: a process that dies after committing a cause and before dispatching
 * what it derived loses nothing — after a restart (a new store on the same database) `tick` dispatches the queued
 * events once, and a resend of the cause changes nothing; an entity and a user with the same id stay apart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, createManualClock, type Store, type UserState } from '@engageloop/core';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  describePg,
  dropSchemas,
  freshSchema,
  openStore,
} from '../../packages/store-postgres/src/pg-test-support';
import { type Tally, thanks, thanksPolicy } from '../batching/thanks-plugin';

const START = Date.parse('2026-04-06T08:00:00Z');
const sent = (id: string, from: string, to: string, team: string) => ({
  id,
  type: 'thanks.sent',
  userId: from,
  at: new Date(START).toISOString(),
  payload: { to, team },
});
const engineOn = (store: Store) =>
  createEngine({
    plugins: [thanks()],
    policy: thanksPolicy,
    store,
    clock: createManualClock(START + 60_000),
  });
const tally = (doc: UserState | undefined) => doc?.slices.thanks as Tally | undefined;

/** A store that dies after its first unit of work: every later one fails, as if the process were killed. */
function dyingAfterFirst(store: Store): Store {
  let units = 0;
  return {
    ...store,
    kind: store.kind,
    transact: (keys, work) =>
      ++units > 1 ? Promise.reject(new Error('killed')) : store.transact(keys, work),
  };
}

function cases(open: () => Promise<Store>) {
  it('a crash after the cause commits: the restarted instance dispatches what it derived, once', async () => {
    const first = await open();
    const cause = await engineOn(dyingAfterFirst(first)).dispatch(sent('c1', 'ann', 'bob', 'a'));
    expect(cause.status).toBe('applied');
    expect(cause.derived).toHaveLength(2);
    await first.close();

    const store = await open();
    const queued = await store.listTimers();
    expect(queued.map((t) => [t.type, t.entity ?? t.userId, t.derived?.cause]).sort()).toEqual([
      ['thanks.got', 'bob', 'c1'],
      ['thanks.team', 'team:a', 'c1'],
    ]);
    const engine = engineOn(store);
    const report = await engine.tick(START + 60_000);
    expect(report.outcomes.map((o) => [o.source, o.status]).sort()).toEqual([
      ['derived', 'applied'],
      ['derived', 'applied'],
    ]);
    // team:a passes a share to team:b, which passes one back (two hops): drained by the same tick.
    expect(report.derived.map((o) => [o.entity, o.status])).toEqual([
      ['team:b', 'applied'],
      ['team:a', 'applied'],
    ]);
    expect(await store.listTimers()).toEqual([]);
    expect(tally(await engine.getUser('bob'))?.got).toEqual({ ann: 1 });
    expect(tally(await engine.getEntity('team:a'))?.hops).toBe(2);
    // The same stream again: a duplicate, nothing derived twice.
    expect((await engine.dispatch(sent('c1', 'ann', 'bob', 'a'))).status).toBe('duplicate');
    expect((await engine.tick(START + 120_000)).fired).toBe(0);
    expect(tally(await engine.getUser('bob'))?.got).toEqual({ ann: 1 });
    await engine.close();
  });

  it('keeps the entity team:a apart from a user whose id is team:a', async () => {
    const store = await open();
    const engine = engineOn(store);
    await engine.dispatch(sent('c1', 'ann', 'team:a', 'a'));
    const user = tally(await engine.getUser('team:a'));
    const entity = tally(await engine.getEntity('team:a'));
    expect(user?.got).toEqual({ ann: 1 });
    expect(user?.hops).toBe(0);
    expect(entity?.got).toEqual({ ann: 1, 'team:b': 1 });
    expect(entity?.hops).toBe(2);
    await engine.close();
  });
}

describe('derived events on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-derived-stores-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  let file = '';
  cases(async () => {
    // The crash case opens the same file twice (a restart); every case gets its own file.
    if (!file || n % 2 === 0) file = join(dir, `run-${n}.db`);
    n++;
    return createSqliteStore({ filename: file });
  });
});

describePg('derived events on PostgreSQL', () => {
  afterAll(() => dropSchemas());
  let n = 0;
  let schema = '';
  cases(async () => {
    if (!schema || n % 2 === 0) schema = freshSchema();
    n++;
    return openStore(schema);
  });
});
