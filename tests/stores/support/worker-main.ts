/**
 * One app instance in a worker thread: its own pool, store and engine. Driven by messages from the test:
 * `dispatch` (its events, `concurrency` at a time, progress posted every 50), `tick` (at a given time)
 * and `close`. Counts `reward:granted` emissions so the test can prove no award was doubled.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LoopEvent } from '@engageloop/core';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { storesEngine } from './scenario';

export interface WorkerInput {
  store: { kind: 'postgres'; url: string; schema: string } | { kind: 'sqlite'; filename: string };
  events: LoopEvent[];
  concurrency: number;
  name: string;
}

export type WorkerCommand = { cmd: 'dispatch' } | { cmd: 'tick'; now: number } | { cmd: 'close' };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; done: number }
  | { type: 'dispatched'; applied: number; duplicate: number; failed: number; granted: number; ms: number }
  | { type: 'ticked'; fired: string[]; granted: number }
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
const engine = await storesEngine(store);
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
      const outcome = await engine.dispatch(event);
      counts[outcome.status] += 1;
      done += 1;
      if (done % 50 === 0) post({ type: 'progress', done });
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, lane));
  post({ type: 'dispatched', ...counts, granted, ms: performance.now() - start });
}

/** One tick at `now`; counts the timer events this instance applied (a replayed timer event is not counted). */
async function tick(now: number): Promise<void> {
  const report = await engine.tick(now);
  const fired = report.outcomes.filter((o) => o.status === 'applied').map((o) => o.eventId);
  post({ type: 'ticked', fired, granted });
}

port.on('message', (message: WorkerCommand) => {
  const run =
    message.cmd === 'dispatch' ? dispatchAll() : message.cmd === 'tick' ? tick(message.now) : close();
  run.catch((error: unknown) =>
    post({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});

async function close(): Promise<void> {
  await engine.close();
  post({ type: 'closed' });
}

post({ type: 'ready' });
