/**
 * Bytes allocated per event by the SQLite dispatchBatch row (`stores-batch-dispatch-main.ts`'s SQLite row), in all
 * and by function, as `batch-memory-alloc.ts` measures the memory row: `cd tests && npx tsx
 * bench/batch-sqlite-alloc.ts`. V8's sampling heap profiler keeping the samples of freed objects (one per 4 KiB on
 * average). A store's allocation costs more than its own freeing: each young-generation collection it brings about
 * copies what the batch in flight holds. BENCH_BATCH_STORE_EVENTS (default 10000), BENCH_TOP (default 30),
 * BENCH_KEEP (all, promoted or live: see `batch-memory-alloc.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { storesEngine, taskEvents } from '../stores/support/scenario';
import { allocationLines, sampledHeap } from './bench-report';
import { rerunOnDist } from './dist-rerun';

rerunOnDist();
const EVENTS = Number(process.env.BENCH_BATCH_STORE_EVENTS ?? 10_000);
const TOP = Number(process.env.BENCH_TOP ?? 30);
const SIZE = 500;
const dir = mkdtempSync(join(tmpdir(), 'engageloop-sqlite-alloc-'));
const open = (n: number) => createSqliteStore({ filename: join(dir, `a-${n}.db`) });
const warmEvents = taskEvents(2_000, 100, 7, { ids: 'w', users: 'w' });
const warm = await storesEngine(open(0));
for (let i = 0; i < warmEvents.length; i += SIZE)
  await warm.dispatchBatch(warmEvents.slice(i, i + SIZE), { batchSize: SIZE });
await warm.close();
const events = taskEvents(EVENTS, Math.max(1, Math.floor(EVENTS / 20)));
const engine = await storesEngine(open(1));
const KEEP = process.env.BENCH_KEEP ?? 'all';
const head = await sampledHeap(engine, events, SIZE, KEEP);
await engine.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(`${allocationLines(head, EVENTS, 'SQLite dispatchBatch', KEEP, TOP)}\n`);
