/**
 * The store-share rows of the bench on their own: `cd tests && npx tsx bench/stores-share-main.ts`
 * (ENGAGELOOP_PG_URL for the PostgreSQL row; BENCH_SHARE_EVENTS, BENCH_BATCH_SIZE to size the run).
 */
import { rerunOnDist } from './dist-rerun';
import { storeShareRows } from './stores-share';

rerunOnDist();

process.stdout.write(`${(await storeShareRows()).join('\n')}\n`);
