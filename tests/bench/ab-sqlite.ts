/**
 * The SQLite dispatchBatch row as an A/B of two built checkouts (issue 20), in the manner of `ab-memory.ts`:
 * `cd tests && npx tsx bench/ab-sqlite.ts <B checkout> [A checkout]` (A: this checkout by default; both built).
 * The row's workload (`storesEngine`'s policy, `taskEvents(10,000, 500)`, batches of 500), each engine on a fresh
 * file store in a temp dir, after a warm-up of its dispatch path on other users (2,000 events on a store of its
 * own, as the row). Both engines run in one process over the same events, alternating batch by batch, each batch
 * timed in CPU time (`process.cpuUsage`, user + system: the store's system calls count). The rounds are split over
 * two child processes, one per load order (A first, B first: its packages loaded, its engines made and each batch
 * dispatched first); each order's median ratio is printed and their geometric mean is the figure (< 1: A uses less
 * CPU). Measured on a loaded 2-core machine, the figure's noise is about ±3% (B = A, and two checkouts of the same
 * build).
 *
 * - BENCH_ROUNDS: rounds in all (default 16). BENCH_BATCH_STORE_EVENTS: events per round (default 10000).
 * - BENCH_AA=1: B is A (the figure's own noise).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '@engageloop/core';
import { storesPolicy, taskEvents } from '../stores/support/scenario';
import { abMain, abRound, builtModule, builtPackages, type ChildResult } from './bench-report';
import { rerunOnDist } from './dist-rerun';

// Under tests/tsconfig.json tsx maps @engageloop/* to this checkout's src for every module it loads, the other
// checkout's built plugins and stores included: both sides would run A's core. Built code only (./tsconfig.dist.json).
rerunOnDist();

const SIZE = 500;
const EVENTS = Number(process.env.BENCH_BATCH_STORE_EVENTS ?? 10_000);

/** The packages one checkout built, from dist: its core, incentives plugin and SQLite store. */
async function packagesOf(dir: string) {
  const sqlite = (await builtModule(
    dir,
    'packages/store-sqlite',
  )) as typeof import('@engageloop/store-sqlite');
  return { ...(await builtPackages(dir)), sqlite };
}

async function child(dirA: string, dirB: string, rounds: number, aFirst: boolean) {
  // Everything in the load order, so that the two orders mirror each other: the packages loaded, the engines
  // made and each batch dispatched by the first side first.
  const order = aFirst ? (['a', 'b'] as const) : (['b', 'a'] as const);
  const loaded: Partial<Record<'a' | 'b', Awaited<ReturnType<typeof packagesOf>>>> = {};
  for (const side of order) loaded[side] = await packagesOf(side === 'a' ? dirA : dirB);
  const sides = loaded as Record<'a' | 'b', Awaited<ReturnType<typeof packagesOf>>>;
  const measured = taskEvents(EVENTS, Math.max(1, Math.floor(EVENTS / 20)));
  const warm = taskEvents(2_000, 100, 7, { ids: 'w', users: 'w' });
  const temp = mkdtempSync(join(tmpdir(), 'engageloop-ab-sqlite-'));
  let files = 0;
  /** `storesEngine` of the side's own packages, on a fresh file. */
  const engineOf = async (side: 'a' | 'b'): Promise<Engine> => {
    const { core, incentives, sqlite } = sides[side];
    const plugin = incentives.incentives();
    const policy = await core.loadPolicy(storesPolicy, { plugins: [plugin] });
    return core.createEngine({
      plugins: [plugin],
      policy,
      store: sqlite.createSqliteStore({ filename: join(temp, `${side}-${++files}.db`) }),
      clock: core.createManualClock('2026-02-01T00:00:00Z'),
    });
  };
  const make = async (side: 'a' | 'b'): Promise<Engine> => {
    const warming = await engineOf(side);
    for (let i = 0; i < warm.length; i += SIZE)
      await warming.dispatchBatch(warm.slice(i, i + SIZE), { batchSize: SIZE });
    await warming.close();
    return engineOf(side);
  };
  const result: ChildResult = { a: [], b: [], statuses: { a: {}, b: {} } };
  try {
    for (let r = 0; r < rounds; r++) {
      const made: Partial<Record<'a' | 'b', Engine>> = {};
      for (const side of order) made[side] = await make(side);
      const engines = made as Record<'a' | 'b', Engine>;
      (globalThis as { gc?: () => void }).gc?.();
      await abRound(engines, order, measured, SIZE, result);
      for (const side of order) await engines[side].close();
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await abMain(import.meta.url, 16, EVENTS, 'SQLite dispatchBatch', child);
