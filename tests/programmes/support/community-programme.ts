import { readFileSync } from 'node:fs';
import { community } from '@engageloop/community';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  loadPolicy,
  type UserState,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import type { Envelope } from './snapshot';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A maker of user events with ids `e1`, `e2`… in the order made. */
export function envelopes() {
  let n = 0;
  return (type: string, userId: string, at: number, payload: Record<string, unknown> = {}): Envelope => ({
    id: `e${++n}`,
    type,
    userId,
    at: iso(at),
    payload,
  });
}

/**
 * A shipped example run by incentives and community on a memory store and a manual clock starting at `start`,
 * with what its scenario reads: users, outbox topics, and events sent one batch each at their own time.
 */
export function communityProgramme(name: string, start: number) {
  const plugins = [incentives(), community()];
  const text = readFileSync(new URL(`../../../docs/examples/${name}.json`, import.meta.url), 'utf8');
  const store = createMemoryStore();
  const clock = createManualClock(start);
  const engine = createEngine({ plugins, policy: loadPolicy(text, { plugins }), store, clock });
  return {
    engine,
    store,
    clock,
    user: async (id: string) => (await engine.getUser(id)) as UserState,
    topics: async (id: string) => (await store.listMessages({ userId: id })).map((m) => m.topic),
    run: async (events: readonly Envelope[]) => {
      for (const e of events) {
        clock.set(Date.parse(e.at));
        await engine.tick(Date.parse(e.at));
        await engine.dispatchBatch([e]);
      }
    },
  };
}
