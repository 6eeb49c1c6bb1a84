/** Host side of the worker-thread app instances used by the concurrency and crash tests. */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { WorkerCommand, WorkerInput, WorkerReply } from './worker-main';

const ENTRY = new URL('./dispatch-worker.mjs', import.meta.url);

/** One app instance running in a worker thread. */
export interface AppWorker {
  readonly worker: Worker;
  /** Sends a command and waits for the reply of `type` (rejects on an error reply or an exit). */
  run<T extends WorkerReply['type']>(
    command: WorkerCommand,
    type: T,
  ): Promise<Extract<WorkerReply, { type: T }>>;
  /** Resolves once the worker reported at least `done` dispatches. */
  progress(done: number): Promise<void>;
  terminate(): Promise<void>;
}

export const workersAvailable = (): boolean => existsSync(ENTRY);

/** Starts a worker and waits until its engine is ready. */
export async function startWorker(input: WorkerInput): Promise<AppWorker> {
  const worker = new Worker(ENTRY, { workerData: input });
  const listeners = new Set<(reply: WorkerReply) => void>();
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure = error;
    for (const listener of listeners) listener({ type: 'error', message: error.message });
  };
  worker.on('message', (reply: WorkerReply) => {
    for (const listener of [...listeners]) listener(reply);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`worker ${input.name} exited (${code})`)));
  const wait = <T extends WorkerReply['type']>(type: T, until?: (reply: WorkerReply) => boolean) =>
    new Promise<Extract<WorkerReply, { type: T }>>((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      const listener = (reply: WorkerReply) => {
        if (reply.type === 'error') {
          listeners.delete(listener);
          reject(new Error(`worker ${input.name}: ${reply.message}`));
        } else if (reply.type === type && (until === undefined || until(reply))) {
          listeners.delete(listener);
          resolve(reply as Extract<WorkerReply, { type: T }>);
        }
      };
      listeners.add(listener);
    });
  await wait('ready');
  return {
    worker,
    run(command, type) {
      const reply = wait(type);
      worker.postMessage(command);
      return reply;
    },
    progress: (done) =>
      wait('progress', (r) => r.type === 'progress' && r.done >= done).then(() => undefined),
    terminate: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
      fail(new Error(`worker ${input.name} terminated`));
      listeners.clear();
    },
  };
}
