/**
 * A CPU profile of the memory dispatchBatch row's measured events alone (`batch-memory-main.ts` without its
 * warm-up and set-up): `cd tests && npx tsx bench/batch-memory-profile.ts`. Writes batch-memory.cpuprofile to
 * BENCH_PROFILE_DIR (default the cwd) and prints the functions with the most self time, and their share.
 * BENCH_BATCH_EVENTS (default 100000), BENCH_TOP (default 30 functions), BENCH_PART (a part of the policy, as in
 * `batch-memory-parts.ts`; default all).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { rerunOnDist } from './dist-rerun';
import { warmMemoryEngine } from './memory-engine';
import { benchEvents } from './policy-40';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

rerunOnDist();
const EVENTS = Number(process.env.BENCH_BATCH_EVENTS ?? 100_000);
const TOP = Number(process.env.BENCH_TOP ?? 30);
const SIZE = 500;
const events = benchEvents(EVENTS, 5_000);
const engine = await warmMemoryEngine(SIZE, process.env.BENCH_PART ?? 'all');
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
for (let i = 0; i < events.length; i += SIZE)
  await engine.dispatchBatch(events.slice(i, i + SIZE), { batchSize: SIZE });
const { profile } = (await session.post('Profiler.stop')) as {
  profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
};
session.disconnect();
writeFileSync(join(process.env.BENCH_PROFILE_DIR ?? '.', 'batch-memory.cpuprofile'), JSON.stringify(profile));

const siteOf = new Map<number, string>();
for (const { id, callFrame } of profile.nodes) {
  const { functionName, url, lineNumber } = callFrame;
  siteOf.set(id, `${functionName || '(anonymous)'} ${url.split('/').slice(-3).join('/')}:${lineNumber + 1}`);
}
const bySite = new Map<string, number>();
let total = 0;
for (const [i, id] of profile.samples.entries()) {
  const micros = profile.timeDeltas[i] ?? 0;
  total += micros;
  const site = siteOf.get(id) as string;
  bySite.set(site, (bySite.get(site) ?? 0) + micros);
}
const lines = [`memory dispatchBatch: ${(total / EVENTS).toFixed(1)} µs/event sampled`];
for (const [site, micros] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, TOP))
  lines.push(
    `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / EVENTS).toFixed(2).padStart(6)} µs  ${site}`,
  );
process.stdout.write(`${lines.join('\n')}\n`);
