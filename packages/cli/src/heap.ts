import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, for a command that runs a policy more than once in one process (`diff`,
 * `report --compare`). V8 sizes its heap from what the last collection kept: after the first run the limit is
 * a few times that run's live state, and the second run fills it with its own garbage on top of the first
 * run's before collecting — the peak of two runs, not one. Collecting once between runs starts the second
 * run from an empty heap (issue 22: diff and report --compare peaked at 410–460 MB at 200k events).
 * Waits one macrotask first, so the finished run's stream and promise chains are let go.
 */
export async function collectGarbage(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * How much V8 lets a heap grow past what its last full collection kept, in percent. V8's own factor adapts
 * between 1.1 and 4: on a simulation's steadily growing live state (users, a record per event) it lets
 * the heap reach a few times that state between collections — `simulate` at 200k events: ~90 MB live, heap
 * ~210 MB, peak RSS 300–370 MB (issue 22). At 1.5 the peak is ~240 MB for ~13% more CPU (more full
 * collections), and it scales with the live state instead of failing: a bigger stream still runs.
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * Bounds heap growth for the whole process (every isolate: worker threads too), for the command line's
 * long runs. Called by the bin only: a host running `runCli` in-process keeps its own V8 settings.
 */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
