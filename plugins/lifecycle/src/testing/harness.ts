import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  type LoopEvents,
  type OutboxEntry,
  type Outcome,
  type PolicyDocument,
  type TimerRecord,
} from '@engageloop/core';
import { type LifecycleOptions, lifecycle } from '../plugin';
import type { LifecycleSlice } from '../state/slice';

/** A test engine with the lifecycle plugin, a manual clock and a memory store (test helper, not public API). */
export interface Harness {
  engine: Engine;
  /** Dispatches an event at `at` (the clock moves there first). */
  send(type: string, userId: string, at: string, payload?: Record<string, unknown>): Promise<Outcome>;
  /** Moves the clock and fires due timers. */
  tickTo(at: string): Promise<Outcome[]>;
  /** Care messages in the outbox (any status), oldest first. */
  care(userId?: string): Promise<OutboxEntry[]>;
  /** Pending (deliverable) care messages. */
  pending(userId?: string): Promise<OutboxEntry[]>;
  slice(userId: string): Promise<LifecycleSlice | undefined>;
  /** The user's armed timers, by id. */
  timers(userId: string): Promise<TimerRecord[]>;
  stageChanges: Array<LoopEvents['stage:changed']>;
}

export function createHarness(
  policy: PolicyDocument,
  start = '2026-01-01T00:00:00Z',
  options?: LifecycleOptions,
): Harness {
  const clock = createManualClock(start);
  const store = createMemoryStore();
  const engine = createEngine({ plugins: [lifecycle(options)], policy, store, clock });
  const stageChanges: Array<LoopEvents['stage:changed']> = [];
  engine.on('stage:changed', (payload) => stageChanges.push(payload));
  let n = 0;
  const care = async (userId?: string) =>
    (await store.listMessages({ kind: 'care', ...(userId ? { userId } : {}) })).sort((a, b) =>
      a.id.localeCompare(b.id),
    );
  return {
    engine,
    stageChanges,
    async send(type, userId, at, payload = {}) {
      clock.set(at);
      n += 1;
      return engine.dispatch({ id: `e${n}`, type, userId, at, payload });
    },
    async tickTo(at) {
      clock.set(at);
      return (await engine.tick(at)).outcomes;
    },
    care,
    async pending(userId) {
      return (await care(userId)).filter((m) => m.status === 'pending');
    },
    async timers(userId) {
      return (await store.listTimers({ userId })).sort((a, b) => a.id.localeCompare(b.id));
    },
    async slice(userId) {
      return (await engine.getUser(userId))?.slices.lifecycle as LifecycleSlice | undefined;
    },
  };
}
