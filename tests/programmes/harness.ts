import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { community } from '@engageloop/community';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  type LoopEvent,
  type LoopEvents,
  loadPolicy,
  type PolicyDocument,
  type Store,
  type UserState,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { needs } from '@engageloop/needs';
import { replies } from '@engageloop/replies';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { afterAll, expect, it } from 'vitest';
import { snapshot } from './support/snapshot';

/** A shipped example policy document by name (`docs/examples/<name>.json`). */
export const exampleDoc = (name: string): PolicyDocument =>
  JSON.parse(readFileSync(new URL(`../../docs/examples/${name}.json`, import.meta.url), 'utf8'));

/** Loop events the scenarios watch. */
const WATCHED = [
  'reward:granted',
  'reward:revoked',
  'badge:granted',
  'badge:withdrawn',
  'milestone:reached',
  'milestone:withdrawn',
  'need:captured',
  'need:sla-breached',
  'undo:applied',
] as const;

/**
 * An example programme on a store (default: a new memory store) and a manual clock, with every plugin it configures. Events are
 * recorded as sent, so a scenario can replay the whole stream.
 */
export function programme(name: string, start: string, store: Store = createMemoryStore()) {
  const doc = exampleDoc(name);
  const all = { community, incentives, needs, replies } as const;
  const plugins = Object.keys(doc.settings ?? {}).map((p) => all[p as keyof typeof all]());
  const clock = createManualClock(start);
  const engine: Engine = createEngine({ plugins, policy: loadPolicy(doc, { plugins }), store, clock });
  const seen: Array<{ name: string; payload: Record<string, unknown> }> = [];
  for (const n of WATCHED)
    engine.on(n, ((payload: LoopEvents[typeof n]) =>
      seen.push({ name: n, payload: { ...payload } })) as never);
  const sent: LoopEvent[] = [];
  let seq = 0;
  return {
    engine,
    store,
    clock,
    seen,
    sent,
    /** Dispatches an event at `at` (the clock moves there), with a fresh id unless given. */
    send: async (
      type: string,
      userId: string,
      at: string,
      payload: Record<string, unknown> = {},
      id?: string,
    ) => {
      clock.set(at);
      const event = { id: id ?? `ev${++seq}`, type, userId, at, payload };
      sent.push(event);
      return { id: event.id, outcome: await engine.dispatch(event) };
    },
    /** Sends events one batch each at its own time (the clock moves and timers run there first); recorded. */
    run: async (events: readonly LoopEvent[]) => {
      for (const event of events) {
        clock.set(event.at);
        await engine.tick(Date.parse(event.at));
        sent.push(event);
        await engine.dispatchBatch([event]);
      }
    },
    /** Bodies of the user's outbox messages on a topic. */
    bodies: async (userId: string, topic: string) =>
      (await store.listMessages({ userId })).filter((m) => m.topic === topic).map((m) => m.body),
    named: (n: (typeof WATCHED)[number]) => seen.filter((e) => e.name === n).map((e) => e.payload),
    /**
     * Replays every event sent, then ticks at `at`: the store must be left exactly as it was. Returns that
     * snapshot and the replay's outcomes (duplicates, and refusals again for what was refused).
     */
    replay: async (at: number) => {
      const before = await snapshot(store);
      const outcomes = await engine.dispatchBatch(sent);
      await engine.tick(at);
      expect(await snapshot(store)).toEqual(before);
      return { before, outcomes };
    },
    /** A user's state (a scenario asserts on it, so it is there). */
    user: async (userId: string) => (await engine.getUser(userId)) as UserState,
    /** The topics of the user's outbox messages. */
    topics: async (userId: string) => (await store.listMessages({ userId })).map((m) => m.topic),
    /** The track stage of a community item (null without a track, undefined when there is no such item). */
    stage: async (item: string) => {
      const slice = (await engine.getEntity(`item:${item}`))?.slices.community as
        | { item?: { stage: string | null } }
        | undefined;
      return slice?.item?.stage;
    },
    /** The user's state, outbox and timers as JSON: compared before and after a replay. */
    snapshot: async (userIds: string[]) =>
      JSON.stringify({
        users: await Promise.all(userIds.map((u) => engine.getUser(u))),
        outbox: await store.listMessages(),
        timers: await store.listTimers(),
      }),
  };
}

/**
 * A scenario run twice, on the memory store and on SQLite: it returns the store's final snapshot, and both
 * stores must end in the same state.
 */
export function onMemoryAndSqlite(title: string, scenario: (store: Store) => Promise<unknown>): void {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-programme-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let memory: unknown;
  it(title, async () => {
    memory = await scenario(createMemoryStore());
  });
  it('runs end to end on SQLite, ending in the same state as the memory store', async () => {
    expect(await scenario(createSqliteStore({ filename: join(dir, 'programme.db') }))).toEqual(memory);
  });
}
