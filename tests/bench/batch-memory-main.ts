/**
 * The memory dispatchBatch row alone (issue 20): `cd tests && npx tsx bench/batch-memory-main.ts`. Prints CPU µs
 * per event and events/s of dispatchBatch on the memory store with the 41-rule bench policy with incentives, after
 * a warm-up on other users. BENCH_BATCH_EVENTS (default 100000), BENCH_BATCH_SIZE (default 500).
 */
import { rerunOnDist } from './dist-rerun';
import { warmMemoryEngine } from './memory-engine';
import { benchEvents } from './policy-40';

rerunOnDist();
const EVENTS = Number(process.env.BENCH_BATCH_EVENTS ?? 100_000);
const SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 500);
const events = benchEvents(EVENTS, 5_000);
const engine = await warmMemoryEngine(SIZE);
const statuses: Record<string, number> = {};
const cpu = process.cpuUsage();
const start = performance.now();
for (let i = 0; i < events.length; i += SIZE)
  for (const o of await engine.dispatchBatch(events.slice(i, i + SIZE), { batchSize: SIZE }))
    statuses[o.status] = (statuses[o.status] ?? 0) + 1;
const seconds = (performance.now() - start) / 1000;
const used = process.cpuUsage(cpu);
process.stdout.write(
  `memory dispatchBatch: ${(events.length / seconds).toFixed(0)} events/s, ${((used.user + used.system) / events.length).toFixed(1)} CPU µs/event, ${JSON.stringify(statuses)}\n`,
);
