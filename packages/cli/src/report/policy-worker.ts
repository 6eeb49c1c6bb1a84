/**
 * The entry of a worker thread that runs one policy for `diff` / `report --compare` (see `run-in-workers.ts`):
 * it loads the policy and its plugins itself, reads the events file itself, and posts back plain data —
 * progress, invalid lines, then the run or why it ended (`WorkerReport`).
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadForRun } from '../commands/shared';
import { readNdjsonBatches } from '../ndjson';
import { runPolicy } from './run';
import { type PolicyTask, thrownData, type WorkerReport } from './worker-protocol';

async function main(task: PolicyTask, post: (report: WorkerReport) => void): Promise<void> {
  try {
    const { policy, plugins } = await loadForRun(task.policyPath, task.forcePlugins);
    const input = createReadStream(task.eventsPath);
    const result = await runPolicy({
      policy,
      plugins,
      input: readNdjsonBatches(input),
      skipInvalid: task.skipInvalid,
      onProgress: (lines) => post({ kind: 'progress', lines, bytes: input.bytesRead }),
      onInvalid: (invalid) => post({ kind: 'invalid', invalid }),
    });
    input.destroy();
    if (!result.ok) post({ kind: 'stopped' });
    else post({ kind: 'done', run: { summary: result.summary, series: result.series, names: result.names } });
  } catch (thrown) {
    post({ kind: 'failed', error: thrownData(thrown) });
  }
}

if (parentPort) {
  const port = parentPort;
  void main(workerData as PolicyTask, (report) => port.postMessage(report));
}
