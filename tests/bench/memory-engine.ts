import { createEngine, createManualClock, createMemoryStore, type Engine } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { benchEvents, benchPolicyWithPoints } from './policy-40';

/**
 * The memory rows' engine (the 41-rule bench policy with incentives on a fresh memory store), warmed up on
 * 20,000 events of 5,000 other users (ids and users prefixed `w-`) so the JIT has compiled the path before the
 * measured events: one at a time (`batchSize` undefined) or in batches of `batchSize`.
 */
export async function warmMemoryEngine(batchSize: number | undefined): Promise<Engine> {
  const warm = benchEvents(20_000, 5_000).map((e) => ({ ...e, id: `w-${e.id}`, userId: `w-${e.userId}` }));
  const engine = createEngine({
    plugins: [incentives()],
    policy: benchPolicyWithPoints,
    store: createMemoryStore(),
    clock: createManualClock('2026-01-01T00:00:00Z'),
  });
  if (batchSize === undefined) for (const e of warm) await engine.dispatch(e);
  else await engine.dispatchBatch(warm, { batchSize });
  return engine;
}
