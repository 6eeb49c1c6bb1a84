/**
 * The SQLite dispatchBatch row of issue 20 next to the memory store on the same workload, to see the SQLite
 * store's own share of the CPU per event: `cd tests && npx tsx bench/stores-batch-dispatch-main.ts` (built
 * packages). The stores' focused incentives policy (`storesEngine`), `taskEvents(n, n / 20)`, batches of
 * BENCH_BATCH_SIZE (default 500), BENCH_BATCH_STORE_EVENTS events (default 10000) per row; each row on a fresh
 * store after a warm-up on other users, the two stores alternating BENCH_ROUNDS times (default 3). CPU µs/event
 * is this process's (user + system, JIT and GC threads included): it moves far less than events/s when other
 * processes load the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type Store } from '@engageloop/core';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { storesEngine, taskEvents } from '../stores/support/scenario';
import { rerunOnDist } from './dist-rerun';
import { markdownTable } from './measure';

rerunOnDist();

const EVENTS = Number(process.env.BENCH_BATCH_STORE_EVENTS ?? 10_000);
const SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 500);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

/** Dispatches the workload in batches on a fresh store; CPU µs and wall seconds of the timed part. */
async function row(open: () => Store): Promise<{ cpu: number; seconds: number }> {
  const warm = await storesEngine(open());
  const warmEvents = taskEvents(2_000, 100, 7, { ids: 'w', users: 'w' });
  for (let i = 0; i < warmEvents.length; i += SIZE)
    await warm.dispatchBatch(warmEvents.slice(i, i + SIZE), { batchSize: SIZE });
  await warm.close();
  const events = taskEvents(EVENTS, Math.max(1, Math.floor(EVENTS / 20)));
  const engine = await storesEngine(open());
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < events.length; i += SIZE) {
    const outcomes = await engine.dispatchBatch(events.slice(i, i + SIZE), { batchSize: SIZE });
    if (outcomes.some((o) => o.status !== 'applied'))
      throw new Error('The bench workload must apply every event.');
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  await engine.close();
  return { cpu: (used.user + used.system) / EVENTS, seconds };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'engageloop-batch-dispatch-'));
const runs = {
  memory: [] as Array<{ cpu: number; seconds: number }>,
  sqlite: [] as Array<{ cpu: number; seconds: number }>,
};
try {
  let n = 0;
  for (let round = 0; round < ROUNDS; round++) {
    runs.memory.push(await row(() => createMemoryStore()));
    runs.sqlite.push(await row(() => createSqliteStore({ filename: join(dir, `batch-${++n}.db`) })));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const cpu = { memory: median(runs.memory.map((r) => r.cpu)), sqlite: median(runs.sqlite.map((r) => r.cpu)) };
const body = (['memory', 'sqlite'] as const).map((store) => [
  store === 'memory' ? 'memory' : 'SQLite (file, WAL)',
  `dispatchBatch, ${SIZE} per batch`,
  String(EVENTS),
  median(runs[store].map((r) => EVENTS / r.seconds)).toFixed(0),
  cpu[store].toFixed(1),
  runs[store].map((r) => r.cpu.toFixed(0)).join(' / '),
]);
process.stdout.write(
  `${markdownTable(['store', 'rows', 'events', 'events/s (median)', 'CPU µs/event (median)', 'CPU µs/event, each round'], body)}\n\n` +
    `The SQLite store's own share: ${(cpu.sqlite - cpu.memory).toFixed(1)} µs/event of CPU (SQLite − memory, medians of ${ROUNDS} alternating rounds).\n`,
);
