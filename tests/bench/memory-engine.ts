import type { Engine, LoopEvent } from '@engageloop/core';
import { createEngine, createManualClock, createMemoryStore } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { benchEvents, benchPart } from './policy-40';

/**
 * The memory rows' engine (the 41-rule bench policy with incentives on a fresh memory store), warmed up on
 * 20,000 events of 5,000 other users (ids and users prefixed `w-`) so the JIT has compiled the path before the
 * measured events: one at a time (`batchSize` undefined) or in batches of `batchSize`. `part`: a part of the
 * policy (`BENCH_PARTS`), the whole row by default.
 */
export async function warmMemoryEngine(batchSize: number | undefined, part = 'all'): Promise<Engine> {
  const [policy, withIncentives] = benchPart(part);
  const warm = benchEvents(20_000, 5_000, { ids: 'w-', users: 'w-' });
  const engine = createEngine({
    plugins: withIncentives ? [incentives()] : [],
    policy,
    store: createMemoryStore(),
    clock: createManualClock('2026-01-01T00:00:00Z'),
  });
  if (batchSize === undefined) for (const e of warm) await engine.dispatch(e);
  else await engine.dispatchBatch(warm, { batchSize });
  return engine;
}

/**
 * The memory row's engine and its `count` events over `users` users (`benchEvents`), except that those users
 * already have `history` events each (ids `h-…`, at times before the measured events, which are moved after
 * them): their counts, attributes, ledgers and tiers grown as a running product's are, where the row's users
 * start fresh. The whole policy, batches of `batchSize`.
 */
export async function historyMemoryEngine(
  batchSize: number,
  history: number,
  count: number,
  users: number,
): Promise<{ engine: Engine; events: LoopEvent[] }> {
  const engine = await warmMemoryEngine(batchSize);
  const past = benchEvents(history * users, users, { ids: 'h-' });
  await engine.dispatchBatch(past, { batchSize });
  const events = benchEvents(count, users);
  const first = Date.parse(events[0]?.at ?? '2026-01-01T00:00:00Z');
  const shift = Date.parse(past[past.length - 1]?.at ?? '2026-01-01T00:00:00Z') + 1000 - first;
  const moved = events.map((e) => ({ ...e, at: new Date(Date.parse(e.at) + shift).toISOString() }));
  return { engine, events: moved };
}
