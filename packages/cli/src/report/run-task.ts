/**
 * One policy's run for `diff` / `report --compare`, reporting through `post` (see `worker-protocol.ts`): it
 * loads the policy and its plugins, reads the events file (or the stdin chunks posted on `port`), and posts
 * progress, invalid lines, then the run or why it ended. A worker thread runs it (`policy-worker.ts`), and so
 * does the main thread for the first policy (`run-in-workers.ts`), of a file or of stdin (which it reads for
 * every run): one isolate fewer, whose heap would hold a third copy of the engine's state for nothing while the
 * main thread only waits or reads.
 */
import { loadForRun } from '../commands/shared';
import { readFileChunks } from '../file-chunks';
import { readNdjsonBatches } from '../ndjson';
import { runPolicy } from './run';
import {
  type FeedMessage,
  type FeedPort,
  type PolicyTask,
  thrownData,
  type WorkerReport,
} from './worker-protocol';

/** The stdin chunks the main thread posts, in order, with the bytes read so far. */
function postedChunks(port: FeedPort): { chunks: AsyncIterable<Uint8Array>; read(): number } {
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
  port: FeedPort | undefined,
): { chunks: AsyncIterable<Uint8Array>; read(): number; close(): void } {
  if (task.eventsPath === undefined) {
    if (port === undefined) throw new Error('A run that reads stdin chunks needs the port they come on.');
    return { ...postedChunks(port), close: () => undefined };
  }
  return readFileChunks(task.eventsPath);
}

/** Runs `task`, posting its reports; never throws (a throw is posted as `failed`). */
export async function runTask(
  task: PolicyTask,
  post: (report: WorkerReport) => void,
  port?: FeedPort,
): Promise<void> {
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
