/**
 * Heap snapshot of the memory bench's workload (not part of `npm run bench`): `npx tsx bench/memory-snapshot.ts`
 * writes SNAPSHOT (default /tmp/memory.heapsnapshot) after BENCH_MEMORY_USERS users (default 20,000), with the
 * recorded outcomes compacted, and prints one user's document.
 */
import { writeHeapSnapshot } from 'node:v8';
import { createEngine, createManualClock, createMemoryStore, loadPolicy, userKey } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { storesPolicy } from '../stores/support/scenario';
import { rerunOnDist } from './dist-rerun';

rerunOnDist();

const USERS = Number(process.env.BENCH_MEMORY_USERS ?? 20_000);
const plugin = incentives();
const policy = await loadPolicy(storesPolicy, { plugins: [plugin] });
const store = createMemoryStore();
const engine = createEngine({
  plugins: [plugin],
  policy,
  store,
  clock: createManualClock('2026-02-01T00:00:00Z'),
});
for (let from = 0; from < USERS; from += 500) {
  const batch = Array.from({ length: Math.min(500, USERS - from) }, (_, k) => ({
    id: `m${from + k}`,
    type: 'task.done',
    userId: `user-${from + k}`,
    at: '2026-01-05T10:00:00Z',
    payload: {},
  }));
  await engine.dispatchBatch(batch, { batchSize: 500 });
}
if (process.env.COMPACT !== '0') await store.compactRecords({ before: Number.POSITIVE_INFINITY });
process.stdout.write(`${JSON.stringify(await store.getDocument(userKey('user-7')), null, 1)}\n`);
process.stdout.write(`${JSON.stringify(await store.listTimers({ userId: 'user-7' }))}\n`);
process.stdout.write(`${JSON.stringify(await store.listMessages({ userId: 'user-7' }))}\n`);
const file = writeHeapSnapshot(process.env.SNAPSHOT ?? '/tmp/memory.heapsnapshot');
process.stdout.write(`${file}\n`);
await engine.close();
