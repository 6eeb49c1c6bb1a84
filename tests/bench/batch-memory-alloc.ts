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
import { allocationLines, sampledHeap } from './bench-report';
import { rerunOnDist } from './dist-rerun';
import { warmMemoryEngine } from './memory-engine';
import { benchEvents } from './policy-40';

rerunOnDist();
const EVENTS = Number(process.env.BENCH_BATCH_EVENTS ?? 40_000);
const TOP = Number(process.env.BENCH_TOP ?? 30);
const SIZE = 500;
const events = benchEvents(EVENTS, 5_000);
const engine = await warmMemoryEngine(SIZE);
const KEEP = process.env.BENCH_KEEP ?? 'all';
const head = await sampledHeap(engine, events, SIZE, KEEP);

process.stdout.write(`${allocationLines(head, EVENTS, 'memory dispatchBatch', KEEP, TOP)}\n`);
