import { fileURLToPath } from 'node:url';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  type LoopEvents,
  loadPolicyPath,
  type ManualClock,
} from '@engageloop/core';
import { incentives } from '../index';

/** Path of an example policy in docs/examples. */
export const examplePath = (name: string): string =>
  fileURLToPath(new URL(`../../../../docs/examples/${name}.json`, import.meta.url));

export interface Harness {
  engine: Engine;
  clock: ManualClock;
  /** Loop events received, in order (name and payload). */
  events: Array<{ name: string; payload: unknown }>;
  dispatch(
    type: string,
    at: string,
    payload?: Record<string, unknown>,
    userId?: string,
  ): ReturnType<Engine['dispatch']>;
  named<K extends keyof LoopEvents>(name: K): Array<LoopEvents[K]>;
}

const WATCHED = [
  'reward:granted',
  'reward:capped',
  'reward:revoked',
  'tier:changed',
  'tier:will-downgrade',
  'badge:granted',
  'milestone:reached',
  'badge:withdrawn',
  'milestone:withdrawn',
  'streak:extended',
  'streak:broken',
] as const;

/** An engine running one example policy with the incentives plugin, a manual clock and a memory store. */
export async function exampleHarness(name: string, start = '2026-01-01T00:00:00Z'): Promise<Harness> {
  const plugin = incentives();
  const policy = await loadPolicyPath(examplePath(name), { plugins: [plugin] });
  const clock = createManualClock(start);
  const engine = createEngine({ plugins: [plugin], policy, store: createMemoryStore(), clock });
  const events: Harness['events'] = [];
  for (const n of WATCHED) engine.on(n, ((payload: unknown) => events.push({ name: n, payload })) as never);
  let seq = 0;
  return {
    engine,
    clock,
    events,
    dispatch: (type, at, payload = {}, userId = 'u1') => {
      clock.set(at);
      return engine.dispatch({ id: `ev${++seq}`, type, userId, at, payload });
    },
    named: <K extends keyof LoopEvents>(n: K) =>
      events.filter((e) => e.name === n).map((e) => e.payload as LoopEvents[K]),
  };
}
