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
import { rerunOnDist } from './dist-rerun';
import { warmMemoryEngine } from './memory-engine';
import { benchEvents } from './policy-40';

interface SampledNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampledNode[];
}

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

const bySite = new Map<string, number>();
let total = 0;
const walk = (node: SampledNode): void => {
  const { functionName, url, lineNumber } = node.callFrame;
  const site = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  total += node.selfSize;
  bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child);
};
walk(profile.head);
const what = KEEP === 'all' ? 'allocates' : KEEP === 'live' ? 'still holds' : 'promotes';
const lines = [`memory dispatchBatch ${what} ≈ ${(total / EVENTS).toFixed(0)} B/event`];
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, TOP))
  lines.push(`${(bytes / EVENTS).toFixed(0).padStart(7)} B/event  ${site}`);
process.stdout.write(`${lines.join('\n')}\n`);
