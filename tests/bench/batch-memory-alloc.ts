/**
 * Bytes allocated per event by the memory dispatchBatch row (`batch-memory-main.ts`), in all and by function:
 * `cd tests && npx tsx bench/batch-memory-alloc.ts`. V8's sampling heap profiler, told to keep the samples of
 * objects the collector has freed, so the figures are what was allocated, not what stayed live (one sample per
 * 4 KiB on average: a function below ~50 B per event is noise). BENCH_BATCH_EVENTS (default 40000), BENCH_TOP
 * (default 30 functions).
 *
 * BENCH_KEEP=promoted drops the samples of objects a young-generation collection freed: what is left is what was
 * promoted to the old generation (or still lives), the bytes a scavenge copies twice. BENCH_KEEP=live drops those
 * a full collection freed too: what the store still holds at the end. A function's figure includes what V8
 * inlined into it; `node --no-turbo-inlining --import tsx bench/batch-memory-alloc.ts` names the allocating
 * function itself (slower code, other figures, same sites).
 */
import { Session } from 'node:inspector/promises';
import { allocationLines, type SampledNode } from './bench-report';
import { rerunOnDist } from './dist-rerun';
import { warmMemoryEngine } from './memory-engine';
import { benchEvents } from './policy-40';

rerunOnDist();
const EVENTS = Number(process.env.BENCH_BATCH_EVENTS ?? 40_000);
const TOP = Number(process.env.BENCH_TOP ?? 30);
const SIZE = 500;
const events = benchEvents(EVENTS, 5_000);
const engine = await warmMemoryEngine(SIZE);
const session = new Session();
session.connect();
const KEEP = process.env.BENCH_KEEP ?? 'all';
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 4096,
  includeObjectsCollectedByMajorGC: KEEP !== 'live',
  includeObjectsCollectedByMinorGC: KEEP === 'all',
});
for (let i = 0; i < events.length; i += SIZE)
  await engine.dispatchBatch(events.slice(i, i + SIZE), { batchSize: SIZE });
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SampledNode } };
session.disconnect();

process.stdout.write(`${allocationLines(profile.head, EVENTS, 'memory dispatchBatch', KEEP, TOP)}\n`);
