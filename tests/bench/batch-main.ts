/**
 * The batch rows of the bench on their own: `cd tests && npx tsx bench/batch-main.ts` (built packages; set
 * ENGAGELOOP_PG_URL for the PostgreSQL rows; BENCH_BATCH_EVENTS, BENCH_BATCH_STORE_EVENTS, BENCH_BATCH_SIZE to size
 * the run).
 */
import { batchRows, batchTargets } from './batch';
import { rerunOnDist } from './dist-rerun';

rerunOnDist();
const batch = await batchRows();
for (const t of batch.tables) process.stdout.write(`${t}\n\n`);
for (const note of batch.notes) process.stdout.write(`${note}\n`);
process.stdout.write(`\n${batchTargets(batch.rows, { instances: batch.instances })}\n`);
