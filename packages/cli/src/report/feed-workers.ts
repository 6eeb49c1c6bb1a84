import type { Readable } from 'node:stream';
import type { FeedMessage, FeedPort } from './worker-protocol';

/** Where `feedWorkers` posts the input: a worker (each chunk copied into it), or a `localFeed`. */
export interface FeedTarget {
  postMessage(message: FeedMessage): void;
}

/**
 * A feed for a run on this thread: what is posted to it goes to `port`'s listener as it is, without the copy a
 * worker's message makes (the run reads the chunks the workers are sent copies of). Like a worker's port, it
 * keeps what is posted before the run listens (while it loads its policy) and hands that over first; what is
 * posted once the run has stopped listening is dropped.
 */
export function localFeed(): FeedTarget & { port: FeedPort } {
  const waiting: FeedMessage[] = [];
  let listener: ((message: FeedMessage) => void) | undefined;
  return {
    postMessage(message) {
      if (listener) listener(message);
      else waiting.push(message);
    },
    port: {
      on(_event, next) {
        listener = next;
        for (const message of waiting.splice(0)) next(message);
      },
      off(_event, next) {
        if (listener === next) listener = () => undefined;
      },
    },
  };
}

/**
 * Bytes posted but not yet read by the slowest worker at which the input is paused, and resumed: every posted
 * chunk is a copy in each worker's queue, so this bounds what waits there (a few batches of 64 KB chunks).
 */
const PAUSE_AT = 2 * 1024 * 1024;
const RESUME_AT = 512 * 1024;

/**
 * Reads `input` (stdin) once and posts every chunk to every target (the workers, and a `localFeed` for the run
 * on this thread), then the end. Memory stays bounded: the input pauses while the slowest running run is more
 * than 2 MB behind (`read()`: how many bytes it has read; call `check()` when that changes). `stop()` lets the
 * input go.
 */
export function feedWorkers(
  input: Readable,
  targets: readonly FeedTarget[],
  read: () => number,
): { check(): void; stop(): void } {
  let posted = 0;
  const post = (message: FeedMessage) => {
    for (const target of targets) target.postMessage(message);
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
