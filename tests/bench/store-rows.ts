/**
 * The store rows of the batch section (./batch.ts): timing a stream on an engine (`timed`), the workloads on a
 * store (the stores' focused policy over task events; the memory row's 41-rule policy and stream), each row's
 * warm-up on a stream of its own shape and its median of BENCH_BATCH_ROUNDS rounds (`storePair`).
 */
import { createEngine, createManualClock, type Engine, type LoopEvent, type Store } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { type StreamPrefixes, storesEngine, taskEvents } from '../stores/support/scenario';
import { type Measurement, measurementOf } from './measure';
import { benchEvents, benchPolicyWithPoints } from './policy-40';

/** Events of each SQLite and PostgreSQL row (BENCH_BATCH_STORE_EVENTS, default 10,000). */
export const STORE_EVENTS = Number(process.env.BENCH_BATCH_STORE_EVENTS ?? 10_000);
/** Rounds of each SQLite and PostgreSQL row (a fresh store each); the row shows the median. */
export const STORE_ROUNDS = Math.max(1, Number(process.env.BENCH_BATCH_ROUNDS ?? 3));

/** A timed row: its statuses, and for the store rows the events/s of every round (the row is the median). */
export type Timed = Measurement & {
  statuses: Record<string, number>;
  /** The store rows: every measured round's events/s (the row is the median round). */
  rounds?: number[];
  /** The store rows: every warm-up round's events/s, first (cold) to last (settled). */
  warm?: number[];
};

/**
 * Dispatches `events` (one at a time, or in batches of `size`) and times the whole: events/s over the run,
 * latency per dispatch call (p50/p99: one event, or one batch), and this process's CPU per event.
 */
export async function timed(
  name: string,
  engine: Engine,
  events: readonly LoopEvent[],
  size: number | undefined,
): Promise<Timed> {
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  const count = (status: string) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  if (size === undefined) {
    for (const event of events) {
      const t = performance.now();
      count((await engine.dispatch(event)).status);
      samples.push((performance.now() - t) * 1000);
    }
  } else {
    for (let i = 0; i < events.length; i += size) {
      const t = performance.now();
      for (const o of await engine.dispatchBatch(events.slice(i, i + size), { batchSize: size }))
        count(o.status);
      samples.push((performance.now() - t) * 1000);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  samples.sort((a, b) => a - b);
  return { ...measurementOf(name, events.length, samples, seconds, used), statuses };
}

/**
 * Warms the dispatch path of `size` (one by one when undefined) on stores of its own, on other users, until V8
 * has settled: the measured rounds then start on a fresh store with the process's JIT warm, as a long-running
 * service is. Each warm-up round is the measured stream's own shape (as many events over as many users, other
 * ids), so every phase of it is compiled — users' first events, then the tier upgrades around their 15th event
 * (new fields on the tier, review timers rescheduled, downgrade warnings), which deoptimise code compiled for the
 * earlier phase. Rounds go on until one costs within 10% of the CPU per event of the one before (at most
 * WARM_ROUNDS): on the stores workload V8 still optimised 212 functions in the second round of 10,000 events and
 * 42 in the third, and the CPU per event fell 94 → 57 → 36 → 26 → 24 µs over five (memory store). A warm-up of
 * 2,000 events left the measured row paying for compiling: 80 µs of CPU per event on SQLite where the same
 * process later settled at ~50. Returns each warm-up round's events/s (the cold start, for the table).
 */
async function warmStore(
  open: () => Promise<Store>,
  size: number | undefined,
  workload: Workload,
): Promise<number[]> {
  const rounds: Timed[] = [];
  for (let r = 0; r < WARM_ROUNDS; r++) {
    const warm = await workload.engine(await open());
    rounds.push(await timed('warm-up', warm, workload.events({ ids: `w${r}-`, users: `w${r}-` }), size));
    await warm.close();
    const [before, last] = [rounds[r - 1]?.cpuPerItem, rounds[r]?.cpuPerItem];
    if (before !== undefined && last !== undefined && Math.abs(last - before) <= 0.1 * before) break;
  }
  return rounds.map((r) => r.perSecond);
}

/** At most this many warm-up rounds per row (BENCH_BATCH_WARM_ROUNDS, default 6). */
const WARM_ROUNDS = Math.max(1, Number(process.env.BENCH_BATCH_WARM_ROUNDS ?? 6));

/** Users of the store rows' stream: 20 events each, as in the SQLite and PostgreSQL rows of issue 20. */
export const storeUsers = () => Math.max(1, Math.floor(STORE_EVENTS / 20));

/** A store row's workload: its engine on a store, and its stream (other ids and users for a warm-up). */
export interface Workload {
  engine(store: Store): Promise<Engine>;
  events(prefix?: StreamPrefixes): LoopEvent[];
}

/** The store rows' workload: the stores' focused incentives policy over task events (a seed of its own warms). */
export const TASKS: Workload = {
  engine: (store) => storesEngine(store),
  events: (prefix = {}) => taskEvents(STORE_EVENTS, storeUsers(), prefix.ids === undefined ? 1 : 7, prefix),
};

/** The memory row's workload on a store: the 41-rule bench policy with incentives, its stream. */
export const BENCH: Workload = {
  engine: async (store) =>
    createEngine({
      plugins: [incentives()],
      policy: benchPolicyWithPoints,
      store,
      clock: createManualClock('2026-01-01T00:00:00Z'),
    }),
  events: (prefix = {}) => benchEvents(STORE_EVENTS, storeUsers(), prefix),
};

/** The round with the median events/s of `rounds`, with every round's events/s for the table. */
function medianRound(rounds: readonly Timed[]): Timed {
  const sorted = [...rounds].sort((a, b) => a.perSecond - b.perSecond);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as Timed;
  return { ...median, rounds: rounds.map((r) => r.perSecond) };
}

/**
 * Rows on a store opened fresh for each round by `open`, after a warm-up of the same path on another
 * (`warmStore`): STORE_ROUNDS rounds of the same stream, each on a fresh store; the row is the median round
 * (a 10,000-event round lasts half a second on SQLite, where one collection or a neighbour's burst moves it).
 */
export async function storePair(
  label: string,
  open: () => Promise<Store>,
  workload: Workload,
  sizes: ReadonlyArray<number | undefined>,
) {
  const events = workload.events();
  const rows: Timed[] = [];
  for (const size of sizes) {
    const warm = await warmStore(open, size, workload);
    const name =
      size === undefined ? `${label}: dispatch, one by one` : `${label}: dispatchBatch, ${size} per batch`;
    const rounds = [];
    for (let r = 0; r < STORE_ROUNDS; r++) {
      const engine = await workload.engine(await open());
      rounds.push(await timed(name, engine, events, size));
      await engine.close();
    }
    rows.push({ ...medianRound(rounds), warm });
  }
  return rows;
}
