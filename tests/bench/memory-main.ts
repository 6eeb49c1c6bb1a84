/**
 * The memory-store rows of the bench on their own: `cd tests && npx tsx bench/memory-main.ts`
 * (BENCH_MEMORY_USERS, default 1,000,000; 100,000 for a quick figure).
 */
import { rerunOnDist } from './dist-rerun';
import { memoryRows } from './memory';

rerunOnDist();

if (process.env.ENGAGELOOP_BENCH_MEMORY_CHILD === undefined)
  process.stdout.write(`${(await memoryRows()).lines.join('\n')}\n`);
