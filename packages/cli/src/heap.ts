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
