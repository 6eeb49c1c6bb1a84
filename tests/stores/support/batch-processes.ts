/** Parent side of the batch proofs' app instances: child processes (./batch-process-main.ts) driven over IPC. */
import { type ChildProcess, fork } from 'node:child_process';
import type { LoopEvent } from '@engageloop/core';

const ENTRY = new URL('./batch-process.mjs', import.meta.url);

export interface BatchProcessInput {
  store: { kind: 'postgres'; url: string; schema: string } | { kind: 'sqlite'; filename: string };
  events: LoopEvent[];
  batchSize: number;
  /** `application_name` of its PostgreSQL connections. */
  name: string;
}

interface Counts {
  done: number;
  applied: number;
  duplicate: number;
  failed: number;
}

export type BatchProcessReply =
  | { type: 'ready' }
  | ({ type: 'progress' } & Counts)
  | ({ type: 'done'; granted: number; failures: string[] } & Counts)
  | { type: 'error'; message: string };

export interface BatchProcess {
  readonly child: ChildProcess;
  /** The last progress or done report. */
  readonly last: Counts | undefined;
  /** Starts the dispatch; resolves with the `done` report (rejects on an error report or an exit). */
  go(): Promise<Extract<BatchProcessReply, { type: 'done' }>>;
  /** Resolves at the first progress report with at least `done` outcomes, or at `done` (never after an exit). */
  progress(done: number): Promise<Counts>;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Asks it to close its engine and exit. */
  close(): Promise<void>;
}

/** Forks one instance and waits until its engine is ready. */
export async function startBatchProcess(input: BatchProcessInput): Promise<BatchProcess> {
  const child = fork(ENTRY, { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const listeners = new Set<(reply: BatchProcessReply) => void>();
  let last: Counts | undefined;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      for (const listener of [...listeners])
        listener({ type: 'error', message: `${input.name} exited (${signal ?? code})` });
      resolve();
    }),
  );
  child.on('message', (reply: BatchProcessReply) => {
    if (reply.type === 'progress' || reply.type === 'done') last = reply;
    for (const listener of [...listeners]) listener(reply);
  });
  const wait = <T extends BatchProcessReply['type']>(
    type: T,
    until: (reply: Extract<BatchProcessReply, { type: T }>) => boolean = () => true,
  ) =>
    new Promise<Extract<BatchProcessReply, { type: T }>>((resolve, reject) => {
      if (exited) return reject(new Error(`${input.name} has exited`));
      const listener = (reply: BatchProcessReply) => {
        if (reply.type === 'error') {
          listeners.delete(listener);
          reject(new Error(`${input.name}: ${reply.message}`));
        } else if (reply.type === type && until(reply as Extract<BatchProcessReply, { type: T }>)) {
          listeners.delete(listener);
          resolve(reply as Extract<BatchProcessReply, { type: T }>);
        }
      };
      listeners.add(listener);
    });
  const ready = wait('ready');
  child.send(input);
  await ready;
  return {
    child,
    get last() {
      return last;
    },
    go() {
      const done = wait('done');
      child.send({ cmd: 'go' });
      return done;
    },
    progress: (done) =>
      new Promise<Counts>((resolve, reject) => {
        if (last !== undefined && last.done >= done) return resolve(last);
        const listener = (reply: BatchProcessReply) => {
          if (reply.type === 'error') {
            listeners.delete(listener);
            reject(new Error(`${input.name}: ${reply.message}`));
          } else if ((reply.type === 'progress' && reply.done >= done) || reply.type === 'done') {
            listeners.delete(listener);
            resolve(reply);
          }
        };
        listeners.add(listener);
      }),
    async kill() {
      listeners.clear();
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    async close() {
      listeners.clear();
      if (!exited && child.connected) child.send({ cmd: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
