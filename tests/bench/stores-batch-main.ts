/**
 * The group-commit rows of the bench on their own: `cd tests && npx tsx bench/stores-batch-main.ts`
 * (ENGAGELOOP_PG_URL for the PostgreSQL rows; BENCH_BATCH_UNITS, BENCH_BATCH_SIZE to size the run).
 */
import { rerunOnDist } from './dist-rerun';
import { storeBatchRows } from './stores-batch';

rerunOnDist();

process.stdout.write(`${(await storeBatchRows()).join('\n')}\n`);
