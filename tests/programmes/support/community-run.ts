import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { community } from '@engageloop/community';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  loadPolicy,
  type Policy,
  type Store,
  type UserState,
} from '@engageloop/core';
import { balanceOf, incentives } from '@engageloop/incentives';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { afterAll, expect, it } from 'vitest';
import { type Envelope, snapshot } from './snapshot';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const iso = (ms: number) => new Date(ms).toISOString();

/** A builder of a user's events with ids `e1`, `e2`, … in the order built. */
export function envelopes() {
  let n = 0;
  return (type: string, userId: string, time: number, payload: Record<string, unknown> = {}): Envelope => ({
    id: `e${++n}`,
    type,
    userId,
    at: iso(time),
    payload,
  });
}

/** The incentives and community plugins, fresh. */
export const communityPlugins = () => [incentives(), community()];

/** A shipped example (`docs/examples/<name>.json`) loaded with the incentives and community plugins. */
export const communityExample = (name: string): Policy =>
  loadPolicy(readFileSync(new URL(`../../../docs/examples/${name}.json`, import.meta.url), 'utf8'), {
    plugins: communityPlugins(),
  });

/** An engine on `store` that has dispatched `events` one batch each, the clock at each event's time. */
export async function runStream(store: Store, policy: Policy, events: Envelope[]) {
  const clock = createManualClock(events[0]?.at ?? 0);
  const engine = createEngine({ plugins: communityPlugins(), policy, store, clock });
  for (const e of events) {
    clock.set(Date.parse(e.at));
    await engine.dispatchBatch([e]);
  }
  return engine;
}

/** What a scenario reads of a user: their state (a user never seen reads as empty). */
export const userOf = async (engine: Engine, id: string) => (await engine.getUser(id)) as UserState;

/** The badges, titles and perks the user holds (lapsed ones included), with when each lapses. */
export const heldOf = async (engine: Engine, id: string) =>
  ((await userOf(engine, id)).slices.incentives as { badges: Record<string, { until?: number }> }).badges;

/** The ids of the badges, titles and perks the user holds (lapsed ones included), sorted. */
export const badgesOf = async (engine: Engine, id: string) => Object.keys(await heldOf(engine, id)).sort();

/** Topics of the user's outbox messages, in order. */
export const topicsOf = async (store: Store, userId: string) =>
  (await store.listMessages({ userId })).map((m) => m.topic);

/** What a scenario reads after its stream: a user's outbox topics, badges, and wallet balances at `at`. */
export const readers = (engine: Engine, store: Store, at: number) => ({
  topics: (user: string) => topicsOf(store, user),
  badges: (user: string) => badgesOf(engine, user),
  wallet: async (user: string, wallet: string) => balanceOf(await engine.getUser(user), wallet, at).available,
});

/**
 * A second tick at `at` and a replay of the whole stream change nothing (every event a duplicate); closes the
 * engine and returns the store's snapshot.
 */
export async function replayChangesNothing(engine: Engine, store: Store, events: Envelope[], at: number) {
  await engine.tick(at);
  const before = await snapshot(store);
  const again = await engine.dispatchBatch(events);
  expect(again.every((o) => o.status === 'duplicate')).toBe(true);
  await engine.tick(at);
  expect(await snapshot(store)).toEqual(before);
  await engine.close();
  return before;
}

/** Runs `scenario` on the memory store, then on SQLite, which must end in the same state. */
export function onMemoryAndSqlite(title: string, scenario: (store: Store) => Promise<unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-programme-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let memory: unknown;
  it(`${title} (memory store)`, async () => {
    memory = await scenario(createMemoryStore());
  });
  it(`${title} (SQLite, ending in the same state as the memory store)`, async () => {
    expect(await scenario(createSqliteStore({ filename: join(dir, 'programme.db') }))).toEqual(memory);
  });
}
