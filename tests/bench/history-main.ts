/**
 * The history rows of the bench on their own: `cd tests && npx tsx bench/history-main.ts`
 * (BENCH_HISTORY_EVENTS, BENCH_HISTORY_USERS, BENCH_HISTORY_DAYS to size the run).
 */
import { rerunOnDist } from './dist-rerun';
import { historyLines } from './history';

rerunOnDist();
process.stdout.write(`${(await historyLines()).lines.join('\n')}\n`);
