/**
 * One app instance of the PostgreSQL bench rows, as a child process (forked by ./stores-pg.ts): its own
 * pool, store and engine. It warms up on users of its own, says `ready`, dispatches its share of the events
 * one at a time on `go`, and reports per-event latencies, its process CPU time and the outcome counts.
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
}

export type InstanceCommand = { cmd: 'go' } | { cmd: 'close' };

export type InstanceReply =
  | { type: 'ready' }
  | {
      type: 'done';
      /** Epoch ms (performance.timeOrigin based) of the first dispatch and after the last. */
      start: number;
      end: number;
      /** Per-event latency, µs. */
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
  for (const event of input.warmup) await engine.dispatch(event);

  const run = async (): Promise<void> => {
    const samples: number[] = new Array(input.events.length);
    let applied = 0;
    const cpu = process.cpuUsage();
    const start = performance.timeOrigin + performance.now();
    for (const [i, event] of input.events.entries()) {
      const t = performance.now();
      const outcome = await engine.dispatch(event);
      samples[i] = (performance.now() - t) * 1000;
      if (outcome.status === 'applied') applied += 1;
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
