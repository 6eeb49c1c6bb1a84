/**
 * A CPU profile of the SQLite dispatchBatch row's measured events alone (`stores-batch-dispatch-main.ts`'s SQLite
 * row without its warm-up and set-up): `cd tests && npx tsx bench/batch-sqlite-profile.ts`. Writes
 * batch-sqlite.cpuprofile to BENCH_PROFILE_DIR (default the cwd) and prints the functions with the most self time,
 * and their share. BENCH_BATCH_STORE_EVENTS (default 10000), BENCH_TOP (default 30 functions), BENCH_REPEAT (rows
 * profiled one after the other, each on a fresh store, default 3: the JIT warms over the first).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { storesEngine, taskEvents } from '../stores/support/scenario';
import { type CpuProfile, selfTimeLines } from './bench-report';
import { rerunOnDist } from './dist-rerun';

rerunOnDist();
const EVENTS = Number(process.env.BENCH_BATCH_STORE_EVENTS ?? 10_000);
const TOP = Number(process.env.BENCH_TOP ?? 30);
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const SIZE = 500;
const dir = mkdtempSync(join(tmpdir(), 'engageloop-sqlite-profile-'));
let files = 0;
const open = () => createSqliteStore({ filename: join(dir, `p-${++files}.db`) });
const events = taskEvents(EVENTS, Math.max(1, Math.floor(EVENTS / 20)));
const warmEvents = taskEvents(2_000, 100, 7, { ids: 'w', users: 'w' });
const warm = await storesEngine(open());
for (let i = 0; i < warmEvents.length; i += SIZE)
  await warm.dispatchBatch(warmEvents.slice(i, i + SIZE), { batchSize: SIZE });
await warm.close();
const engines = [];
for (let r = 0; r < REPEAT; r++) engines.push(await storesEngine(open()));

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
for (const engine of engines)
  for (let i = 0; i < events.length; i += SIZE)
    await engine.dispatchBatch(events.slice(i, i + SIZE), { batchSize: SIZE });
const { profile } = (await session.post('Profiler.stop')) as {
  profile: CpuProfile;
};
session.disconnect();
for (const engine of engines) await engine.close();
rmSync(dir, { recursive: true, force: true });
writeFileSync(join(process.env.BENCH_PROFILE_DIR ?? '.', 'batch-sqlite.cpuprofile'), JSON.stringify(profile));

process.stdout.write(`${selfTimeLines(profile, EVENTS * REPEAT, 'SQLite dispatchBatch', TOP)}\n`);
