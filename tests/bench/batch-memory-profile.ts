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
import { type CpuProfile, selfTimeLines } from './bench-report';
import { rerunOnDist } from './dist-rerun';
import { warmMemoryEngine } from './memory-engine';
import { benchEvents } from './policy-40';

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
  profile: CpuProfile;
};
session.disconnect();
writeFileSync(join(process.env.BENCH_PROFILE_DIR ?? '.', 'batch-memory.cpuprofile'), JSON.stringify(profile));

process.stdout.write(`${selfTimeLines(profile, EVENTS, 'memory dispatchBatch', TOP)}\n`);
