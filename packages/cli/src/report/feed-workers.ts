import type { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import type { FeedMessage } from './worker-protocol';

/**
 * Bytes posted but not yet read by the slowest worker at which the input is paused, and resumed: every posted
 * chunk is a copy in each worker's queue, so this bounds what waits there (a few batches of 64 KB chunks).
 */
const PAUSE_AT = 2 * 1024 * 1024;
const RESUME_AT = 512 * 1024;

/**
 * Reads `input` (stdin) once and posts every chunk to every worker, then the end. Memory stays bounded: the
 * input pauses while the slowest running worker is more than 2 MB behind (`read()`: how many bytes it has
 * read; call `check()` when that changes). `stop()` lets the input go.
 */
export function feedWorkers(
  input: Readable,
  workers: readonly Worker[],
  read: () => number,
): { check(): void; stop(): void } {
  let posted = 0;
  const post = (message: FeedMessage) => {
    for (const worker of workers) worker.postMessage(message);
  };
  const check = () => {
    const behind = posted - read();
    if (behind > PAUSE_AT) input.pause();
    else if (behind < RESUME_AT && input.isPaused()) input.resume();
  };
  const onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    posted += bytes.length;
    post({ chunk: bytes });
    check();
  };
  const onEnd = () => post({ end: true });
  const onError = (error: Error) => post({ error: error.message });
  input.on('data', onData);
  input.once('end', onEnd);
  input.once('error', onError);
  return {
    check,
    stop() {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
    },
  };
}
