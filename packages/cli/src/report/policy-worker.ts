/**
 * The entry of a worker thread that runs one policy for `diff` / `report --compare` (see `run-in-workers.ts`
 * and `run-task.ts`): it posts back plain data — progress, invalid lines, then the run or why it ended.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runTask } from './run-task';
import type { PolicyTask, WorkerReport } from './worker-protocol';

const port = parentPort;
const task = workerData as PolicyTask;
if (port) void runTask(task, (report: WorkerReport) => port.postMessage(report), port);
