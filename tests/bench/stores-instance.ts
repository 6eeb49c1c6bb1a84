/**
 * One app instance of the PostgreSQL bench rows, as a child process (forked by ./stores-pg.ts): its own
 * pool, store and engine. It warms up on users of its own, says `ready`, dispatches its share of the events
 * on `go` — one at a time, or with `engine.dispatchBatch` in batches of `batchSize` — and reports latencies
 * (per event, or per batch), its process CPU time and the outcome counts.
 */
import type { LoopEvent } from '@engageloop/core';
import { createPostgresStore } from '@engageloop/store-postgres';
import { storesEngine } from '../stores/support/scenario';

export interface InstanceInput {
  url: string;
  schema: string;
  /** `application_name` of the instance's connections (the parent finds its backends by it). */
  name: string;
  events: LoopEvent[];
  warmup: LoopEvent[];
  /** Dispatch with `dispatchBatch`, this many events per batch (warm-up included); one at a time without. */
  batchSize?: number;
}

export type InstanceCommand = { cmd: 'go' } | { cmd: 'close' };

export type InstanceReply =
  | { type: 'ready' }
  | {
      type: 'done';
      /** Epoch ms (performance.timeOrigin based) of the first dispatch and after the last. */
      start: number;
      end: number;
      /** Latency per dispatch call (one event, or one batch), µs. */
      samples: number[];
      /** This process's CPU time over the run, µs. */
      cpuUser: number;
      cpuSystem: number;
      applied: number;
      other: number;
    }
  | { type: 'error'; message: string };

const send = (reply: InstanceReply): void => {
  process.send?.(reply);
};

async function main(input: InstanceInput): Promise<void> {
  const store = createPostgresStore({
    connectionString: input.url,
    schema: input.schema,
    maxConnections: 2,
    applicationName: input.name,
  });
  const engine = await storesEngine(store);
  const size = input.batchSize;
  if (size === undefined) for (const event of input.warmup) await engine.dispatch(event);
  else await engine.dispatchBatch(input.warmup, { batchSize: size });

  const run = async (): Promise<void> => {
    const samples: number[] = [];
    let applied = 0;
    const cpu = process.cpuUsage();
    const start = performance.timeOrigin + performance.now();
    if (size === undefined) {
      for (const event of input.events) {
        const t = performance.now();
        const outcome = await engine.dispatch(event);
        samples.push((performance.now() - t) * 1000);
        if (outcome.status === 'applied') applied += 1;
      }
    } else {
      for (let i = 0; i < input.events.length; i += size) {
        const t = performance.now();
        const outcomes = await engine.dispatchBatch(input.events.slice(i, i + size), { batchSize: size });
        samples.push((performance.now() - t) * 1000);
        for (const outcome of outcomes) if (outcome.status === 'applied') applied += 1;
      }
    }
    const end = performance.timeOrigin + performance.now();
    const used = process.cpuUsage(cpu);
    send({
      type: 'done',
      start,
      end,
      samples,
      cpuUser: used.user,
      cpuSystem: used.system,
      applied,
      other: input.events.length - applied,
    });
  };
  process.on('message', (command: InstanceCommand) => {
    const work = command.cmd === 'go' ? run() : engine.close().then(() => process.exit(0));
    work.catch((error: unknown) => {
      send({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    });
  });
  send({ type: 'ready' });
}

process.once('message', (input: InstanceInput) => {
  main(input).catch((error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
