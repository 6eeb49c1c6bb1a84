/**
 * The store rows of the bench on their own: `cd tests && npx tsx bench/stores-main.ts`
 * (ENGAGELOOP_PG_URL for the PostgreSQL rows; BENCH_STORE_EVENTS to size the run).
 */
import { table } from './measure';
import { storeThroughput } from './stores';

const stores = await storeThroughput();
process.stdout.write(`${table(stores.rows, 'PostgreSQL dispatch (1 instance)')}\n`);
for (const note of stores.notes) process.stdout.write(`${note}\n`);
