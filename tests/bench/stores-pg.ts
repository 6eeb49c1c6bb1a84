/**
 * PostgreSQL rows of the store bench: N app instances as N child processes (./stores-instance.ts), each with
 * its own pool, store and engine, over disjoint shares of one event stream. Users are partitioned as a load
 * balancer with user affinity would do (each user's events go to one instance, in order), so instances never
 * wait on each other's advisory locks and every user's result is the same as a single-instance run.
 * Measures throughput and latency, and where the work went: each instance's process CPU time, the CPU time
 * of its PostgreSQL backends (/proc, when the server runs on this machine), the rest of PostgreSQL (WAL
 * writer, checkpointer, …) and the whole machine over the run.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { LoopEvent } from '@engageloop/core';
import pg from 'pg';
import { type Measurement, measurementOf } from './measure';
import type { InstanceInput, InstanceReply } from './stores-instance';

const ENTRY = new URL('./stores-instance.ts', import.meta.url);
/** Clock ticks per second of /proc CPU times (USER_HZ; 100 on Linux). */
const HZ = 100;

/** A client backend's process title: `postgres: 15/main: user db 127.0.0.1(5432) idle` (or `[local]`). */
const CLIENT_BACKEND = /\(\d+\)|\[local\]/;

/**
 * CPU seconds of the whole machine (all cores) and of the processes we care about, from /proc: `postgres` is the
 * server's own processes (postmaster, WAL writer, checkpointer, …) and the backends in `pids`, not other clients'.
 */
interface CpuReading {
  busy: number;
  total: number;
  byPid: Map<number, number>;
  postgres: number;
}

const procTicks = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / HZ;
  } catch {
    return undefined;
  }
};

function readCpu(pids: readonly number[]): CpuReading {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.reduce((a, b) => a + b, 0);
  const byPid = new Map<number, number>();
  for (const pid of pids) byPid.set(pid, procTicks(pid) ?? 0);
  let postgres = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      // Another client's backend (a test run or another bench sharing the server) is not this run's work.
      const pid = Number(entry);
      if (!pids.includes(pid) && CLIENT_BACKEND.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8')))
        continue;
      postgres += procTicks(pid) ?? 0;
    } catch {
      // The process ended while we looked.
    }
  }
  return { busy: (total - idle) / HZ, total: total / HZ, byPid, postgres };
}

/** Where the CPU time of one run went (seconds), and the wall time. */
export interface CpuSplit {
  wall: number;
  /** Sum of the instances' process CPU time (user + system). */
  node: number;
  /** The instances' PostgreSQL backends (undefined when the server is not on this machine). */
  backends: number | undefined;
  /** Every other postgres process (WAL writer, checkpointer, other clients' backends). */
  otherPostgres: number | undefined;
  /** All cores, all processes. */
  machineBusy: number;
  machineCores: number;
}

export interface InstancesRun {
  row: Measurement;
  cpu: CpuSplit;
  applied: number;
}

interface Instance {
  child: ChildProcess;
  next(): Promise<InstanceReply>;
}

function startInstance(input: InstanceInput): Instance {
  const child = fork(ENTRY, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const queue: InstanceReply[] = [];
  const waiting: Array<(reply: InstanceReply) => void> = [];
  const push = (reply: InstanceReply) => {
    const resolve = waiting.shift();
    if (resolve) resolve(reply);
    else queue.push(reply);
  };
  child.on('message', (reply: InstanceReply) => push(reply));
  child.on('exit', (code) => push({ type: 'error', message: `instance ${input.name} exited (${code})` }));
  child.send(input);
  return {
    child,
    next: () => {
      const queued = queue.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

const expectReply = async <T extends InstanceReply['type']>(instance: Instance, type: T) => {
  const reply = await instance.next();
  if (reply.type !== type)
    throw new Error(reply.type === 'error' ? reply.message : `expected ${type}, got ${reply.type}`);
  return reply as Extract<InstanceReply, { type: T }>;
};

/** Splits events among `n` instances by user, users assigned round-robin in order of first appearance. */
export function partitionByUser(events: readonly LoopEvent[], n: number): LoopEvent[][] {
  const shares: LoopEvent[][] = Array.from({ length: n }, () => []);
  const home = new Map<string, number>();
  for (const event of events) {
    let k = home.get(event.userId ?? '');
    if (k === undefined) {
      k = home.size % n;
      home.set(event.userId ?? '', k);
    }
    shares[k]?.push(event);
  }
  return shares;
}

/**
 * Events each instance dispatches before it is timed (BENCH_STORE_WARMUP, default 3000), on users of its own
 * (20 events each, as in the timed stream): a fresh process runs the dispatch path in the interpreter until
 * V8 has compiled it, and its Node CPU per event falls by half over its first ~2500 dispatches. An app
 * instance runs for hours; the bench measures that steady state, not the compiler.
 */
export const WARMUP_EVENTS = Number(process.env.BENCH_STORE_WARMUP ?? 3_000);

const warmupEvents = (instance: string, count: number): LoopEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `warm-${instance}-${i}`,
    type: 'task.done',
    userId: `warm-${instance}-${i % Math.max(1, Math.ceil(count / 20))}`,
    at: '2026-01-02T10:00:00Z',
    payload: {},
  }));

/**
 * Runs `events` on `n` instances (child processes) against `schema` (migrated); all start at once. With
 * `batchSize`, each instance dispatches its share with `dispatchBatch` in batches of that size.
 */
export async function runInstances(
  url: string,
  schema: string,
  events: readonly LoopEvent[],
  n: number,
  name: string,
  batchSize?: number,
): Promise<InstancesRun> {
  const tag = `engageloop-bench-${process.pid}-${n}${batchSize === undefined ? '' : `-b${batchSize}`}`;
  const shares = partitionByUser(events, n);
  const instances = shares.map((share, k) =>
    startInstance({
      url,
      schema,
      name: `${tag}-${k}`,
      events: share,
      warmup: warmupEvents(`${n}-${k}`, WARMUP_EVENTS),
      ...(batchSize === undefined ? {} : { batchSize }),
    }),
  );
  const admin = new pg.Client({ connectionString: url });
  try {
    await Promise.all(instances.map((instance) => expectReply(instance, 'ready')));
    await admin.connect();
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name LIKE $1',
      [`${tag}-%`],
    );
    const pids = rows.map((row) => row.pid);
    const local = pids.length > 0 && pids.every((pid) => procTicks(pid) !== undefined);
    const before = readCpu(pids);
    const done = Promise.all(instances.map((instance) => expectReply(instance, 'done')));
    for (const instance of instances) instance.child.send({ cmd: 'go' });
    const reports = await done;
    const after = readCpu(pids);
    const start = Math.min(...reports.map((r) => r.start));
    const end = Math.max(...reports.map((r) => r.end));
    const seconds = (end - start) / 1000;
    const samples = reports.flatMap((r) => r.samples).sort((a, b) => a - b);
    let backends = 0;
    for (const pid of pids) backends += (after.byPid.get(pid) ?? 0) - (before.byPid.get(pid) ?? 0);
    const postgres = after.postgres - before.postgres;
    return {
      row: measurementOf(name, events.length, samples, seconds),
      cpu: {
        wall: seconds,
        node: reports.reduce((sum, r) => sum + (r.cpuUser + r.cpuSystem) / 1e6, 0),
        backends: local ? backends : undefined,
        otherPostgres: local ? postgres - backends : undefined,
        machineBusy: after.busy - before.busy,
        machineCores: (after.total - before.total) / seconds,
      },
      applied: reports.reduce((sum, r) => sum + r.applied, 0),
    };
  } finally {
    await admin.end().catch(() => undefined);
    for (const instance of instances) if (instance.child.connected) instance.child.send({ cmd: 'close' });
    await Promise.all(
      instances.map(
        (instance) =>
          new Promise<void>((resolve) => {
            if (instance.child.exitCode !== null) return resolve();
            const timer = setTimeout(() => {
              instance.child.kill();
              resolve();
            }, 5_000);
            instance.child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
  }
}
