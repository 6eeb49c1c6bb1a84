import {
  createEngine,
  createManualClock,
  type Engine,
  type LoopEvents,
  type ManualClock,
  type Plugin,
  type Policy,
} from '@engageloop/core';
import { createSwappableStore, type SwappableStore } from './swappable-store';
import type { RunSignal } from './types';

/** Loop events the runner records (core, incentives, lifecycle, replies); unknown names are harmless. */
export const SIGNALS: readonly string[] = [
  'reward:granted',
  'reward:capped',
  'reward:revoked',
  'reward:converted',
  'tier:changed',
  'tier:will-downgrade',
  'badge:granted',
  'milestone:reached',
  'badge:withdrawn',
  'milestone:withdrawn',
  'undo:applied',
  'undo:refused',
  'reward:reinstated',
  'streak:extended',
  'stage:changed',
  'care:queued',
  'reply:queued',
  'loop:closed',
];

/** One engine for many runs: a swappable store, a manual clock, and a signal recorder. */
export interface RunHarness {
  engine: Engine;
  clock: ManualClock;
  store: SwappableStore;
  /** Where emitted signals go (set per run; `undefined` ignores them). */
  sink: { signals?: RunSignal[]; step: number };
}

/**
 * Builds the engine once for a policy (construction compiles every schema and is the expensive part).
 *
 * @example
 * const harness = createRunHarness(policy, [incentives()]);
 */
export function createRunHarness(policy: Policy, plugins: readonly Plugin[]): RunHarness {
  const clock = createManualClock('2026-01-01T00:00:00Z');
  const store = createSwappableStore();
  const engine = createEngine({ plugins, policy, store, clock });
  const sink: RunHarness['sink'] = { step: 0 };
  for (const name of SIGNALS) {
    engine.on(
      name as keyof LoopEvents,
      ((payload: unknown) => {
        sink.signals?.push({ name, payload: (payload ?? {}) as Record<string, unknown>, step: sink.step });
      }) as never,
    );
  }
  return { engine, clock, store, sink };
}
