/**
 * One app instance in a worker thread: its own pool, store and engine. Driven by messages from the test:
 * `dispatch` (its events, `concurrency` at a time, progress posted every 50), `tick` (at a given time),
 * `drain` (delivers to a handler that records each message id) and `close`. Counts `reward:granted`
 * emissions so the test can prove no award was doubled. With `retryStoreErrors`, it does what a host does
 * when the database drops a connection: a dispatch, tick or drain that failed with `STORE_ERROR` is run again.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createManualClock, isEngageLoopError, type LoopEvent, type Outcome } from '@engageloop/core';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { storesEngine } from './scenario';

export interface WorkerInput {
  store: { kind: 'postgres'; url: string; schema: string } | { kind: 'sqlite'; filename: string };
  events: LoopEvent[];
  concurrency: number;
  name: string;
  /** The instance's clock: the workload's start plus this many ms (business times still come from events and ticks). */
  clockOffsetMs?: number;
  /** Run again a dispatch, tick or drain that failed with `STORE_ERROR` (as a host would). */
  retryStoreErrors?: boolean;
  /**
   * Lease of claimed timers and messages (default: the engine's); also the backoff of timers whose firing failed
   * (a batch whose commit lost its backend), so they come back as soon as an abandoned claim does.
   */
  leaseMs?: number;
}

export type WorkerCommand =
  | { cmd: 'dispatch' }
  | { cmd: 'tick'; now: number }
  | { cmd: 'drain' }
  | { cmd: 'close' };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; done: number }
  | {
      type: 'dispatched';
      applied: number;
      duplicate: number;
      failed: number;
      granted: number;
      ms: number;
      retries: number;
    }
  | { type: 'ticked'; fired: string[]; granted: number; retries: number }
  | { type: 'drained'; delivered: string[]; retries: number }
  | { type: 'closed' }
  | { type: 'error'; message: string };

const input = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error('worker-main runs in a worker thread');
const post = (reply: WorkerReply) => port.postMessage(reply);

const store =
  input.store.kind === 'postgres'
    ? createPostgresStore({
        connectionString: input.store.url,
        schema: input.store.schema,
        maxConnections: input.concurrency + 1,
        applicationName: input.name,
      })
    : createSqliteStore({ filename: input.store.filename });
const engine = await storesEngine(
  store,
  createManualClock(Date.parse('2026-02-01T00:00:00Z') + (input.clockOffsetMs ?? 0)),
);
const lease = input.leaseMs === undefined ? {} : { leaseMs: input.leaseMs };
let retries = 0;

const storeFailed = (error: unknown) => isEngageLoopError(error) && error.code === 'STORE_ERROR';

/** Runs `work`; with `retryStoreErrors`, again (up to 50 times) while it fails with `STORE_ERROR`. */
async function retrying<T>(work: () => Promise<T>, failed: (result: T) => boolean = () => false): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      if (!input.retryStoreErrors || !storeFailed(error) || attempt >= 50) throw error;
      retries += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      continue;
    }
    if (!input.retryStoreErrors || !failed(result) || attempt >= 50) return result;
    retries += 1;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const storeFailedOutcome = (o: Outcome) => o.status === 'failed' && o.error?.code === 'STORE_ERROR';
let granted = 0;
engine.on('reward:granted', () => {
  granted += 1;
});

async function dispatchAll(): Promise<void> {
  const counts = { applied: 0, duplicate: 0, failed: 0 };
  const start = performance.now();
  let next = 0;
  let done = 0;
  const lane = async () => {
    for (;;) {
      const event = input.events[next++];
      if (event === undefined) return;
      const outcome = await retrying(() => engine.dispatch(event), storeFailedOutcome);
      counts[outcome.status] += 1;
      done += 1;
      if (done % 50 === 0) post({ type: 'progress', done });
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, lane));
  post({ type: 'dispatched', ...counts, granted, ms: performance.now() - start, retries });
}

/** One tick at `now`; counts the timer events this instance applied (a replayed timer event is not counted). */
async function tick(now: number): Promise<void> {
  const retry = input.leaseMs === undefined ? {} : { retry: { baseMs: input.leaseMs, maxMs: input.leaseMs } };
  const report = await retrying(() => engine.tick(now, { ...lease, ...retry }));
  const fired = report.outcomes.filter((o) => o.status === 'applied').map((o) => o.eventId);
  post({ type: 'ticked', fired, granted, retries });
}

/** Drains what this instance's clock finds ready; the handler records every message it is given. */
async function drain(): Promise<void> {
  const delivered: string[] = [];
  await retrying(() =>
    engine.drain(
      (message) => {
        delivered.push(message.id);
      },
      { ...lease, worker: input.name, batchSize: 20 },
    ),
  );
  post({ type: 'drained', delivered, retries });
}

port.on('message', (message: WorkerCommand) => {
  const run =
    message.cmd === 'dispatch'
      ? dispatchAll()
      : message.cmd === 'tick'
        ? tick(message.now)
        : message.cmd === 'drain'
          ? drain()
          : close();
  run.catch((error: unknown) =>
    post({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});

async function close(): Promise<void> {
  await engine.close();
  post({ type: 'closed' });
}

post({ type: 'ready' });
