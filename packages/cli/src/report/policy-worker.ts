/**
 * The entry of a worker thread that runs one policy for `diff` / `report --compare` (see `run-in-workers.ts`):
 * it loads the policy and its plugins itself, reads the events file itself (or the stdin chunks the main
 * thread posts), and posts back plain data — progress, invalid lines, then the run or why it ended.
 */
import { createReadStream } from 'node:fs';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { loadForRun } from '../commands/shared';
import { readNdjsonBatches } from '../ndjson';
import { runPolicy } from './run';
import { type FeedMessage, type PolicyTask, thrownData, type WorkerReport } from './worker-protocol';

/** The stdin chunks the main thread posts, in order, with the bytes read so far. */
function postedChunks(port: MessagePort): { chunks: AsyncIterable<Uint8Array>; read(): number } {
  const queue: FeedMessage[] = [];
  let wake: (() => void) | undefined;
  let read = 0;
  const listener = (message: FeedMessage) => {
    queue.push(message);
    wake?.();
    wake = undefined;
  };
  port.on('message', listener);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const message = queue.shift() as FeedMessage;
        if ('end' in message) return;
        if ('error' in message) throw new Error(message.error);
        read += message.chunk.length;
        yield message.chunk;
      }
    } finally {
      port.off('message', listener);
    }
  }
  return { chunks: chunks(), read: () => read };
}

/** The events: the file, or the posted stdin chunks. */
function openSource(
  task: PolicyTask,
  port: MessagePort,
): { chunks: AsyncIterable<Uint8Array>; read(): number; close(): void } {
  if (task.eventsPath === undefined) return { ...postedChunks(port), close: () => undefined };
  const input = createReadStream(task.eventsPath);
  return { chunks: input, read: () => input.bytesRead, close: () => input.destroy() };
}

async function main(task: PolicyTask, port: MessagePort): Promise<void> {
  const post = (report: WorkerReport) => port.postMessage(report);
  try {
    const { policy, plugins } = await loadForRun(task.policyPath, task.forcePlugins);
    const source = openSource(task, port);
    const result = await runPolicy({
      policy,
      plugins,
      input: readNdjsonBatches(source.chunks),
      skipInvalid: task.skipInvalid,
      onProgress: (lines) => post({ kind: 'progress', lines, bytes: source.read() }),
      onInvalid: (invalid) => post({ kind: 'invalid', invalid }),
    });
    source.close();
    if (!result.ok) post({ kind: 'stopped' });
    else post({ kind: 'done', run: { summary: result.summary, series: result.series, names: result.names } });
  } catch (thrown) {
    post({ kind: 'failed', error: thrownData(thrown) });
  }
}

if (parentPort) void main(workerData as PolicyTask, parentPort);
