/**
 * The memory dispatchBatch row taken apart (issue 20): `cd tests && BENCH_PART=<part> npx tsx
 * bench/batch-memory-parts.ts`. The same events, batches and warm-up as `batch-memory-main.ts`, with a part of the
 * bench policy (`BENCH_PARTS`: kernel, hooks, award, rules, all). Prints CPU µs per event; a part's cost is its
 * figure less `kernel`'s (or `hooks`' for `award`).
 */
import { rerunOnDist } from './dist-rerun';
import { warmMemoryEngine } from './memory-engine';
import { benchEvents } from './policy-40';

rerunOnDist();
const PART = process.env.BENCH_PART ?? 'all';
const SIZE = 500;
const engine = await warmMemoryEngine(SIZE, PART);
const events = benchEvents(100_000, 5_000);
const cpu = process.cpuUsage();
for (let i = 0; i < events.length; i += SIZE)
  await engine.dispatchBatch(events.slice(i, i + SIZE), { batchSize: SIZE });
const used = process.cpuUsage(cpu);
process.stdout.write(
  `memory dispatchBatch, ${PART}: ${((used.user + used.system) / events.length).toFixed(1)} CPU µs/event\n`,
);
