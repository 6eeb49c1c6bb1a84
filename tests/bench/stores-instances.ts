/**
 * PostgreSQL rows of issue 20: 1, 2 and 4 app instances, each its own child process (./stores-pg.ts), each
 * dispatching its share of one stream with `engine.dispatchBatch` (users partitioned across instances, as a load
 * balancer with user affinity would do), on a fresh schema per run. Prints throughput, the ratio to one instance,
 * CPU per event (Node, the instances' PostgreSQL backends, the rest of PostgreSQL) and the ratio to the CPU bound:
 * the bound of N instances is what N copies of the single instance would do, capped by what the machine's cores
 * allow at the single instance's CPU per event (Node + PostgreSQL): min(N × one, cores ÷ CPU per event).
 * Options: BENCH_BATCH_STORE_EVENTS (default 10000), BENCH_BATCH_SIZE (default 500), ENGAGELOOP_PG_URL.
 */
import { createPostgresStore } from '@engageloop/store-postgres';
import pg from 'pg';
import { taskEvents } from '../stores/support/scenario';
import { markdownTable } from './measure';
import { type InstancesRun, runInstances, WARMUP_EVENTS } from './stores-pg';

const EVENTS = Number(process.env.BENCH_BATCH_STORE_EVENTS ?? 10_000);
const SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 500);
const COUNTS = [1, 2, 4] as const;

/** One run's figures, and its ratio to the CPU bound. */
export interface InstanceScalingRow {
  instances: number;
  perSecond: number;
  bound: number;
  /** perSecond ÷ bound. */
  ofBound: number;
}

async function withSchema<T>(url: string, name: string, work: () => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    const store = createPostgresStore({ connectionString: url, schema: name, maxConnections: 1 });
    await store.migrate();
    await store.close();
    return await work();
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

const us = (seconds: number, events: number) => ((seconds / events) * 1e6).toFixed(0);

/** CPU seconds per event of a run: Node + its backends + the rest of PostgreSQL (Node alone when remote). */
const cpuPerEvent = (run: InstancesRun): number =>
  (run.cpu.node + (run.cpu.backends ?? 0) + Math.max(0, run.cpu.otherPostgres ?? 0)) / run.row.events;

/** The 1/2/4-instance table and notes; the rows for the targets table. */
export async function instanceScaling(url: string): Promise<{ lines: string[]; rows: InstanceScalingRow[] }> {
  const events = taskEvents(EVENTS, Math.max(1, Math.floor(EVENTS / 20)));
  const runs: InstancesRun[] = [];
  for (const n of COUNTS) {
    const run = await withSchema(url, `engageloop_bench_scale_${n}`, () =>
      runInstances(url, `engageloop_bench_scale_${n}`, events, n, `PostgreSQL ×${n}`, SIZE),
    );
    if (run.applied !== events.length)
      throw new Error(`PostgreSQL ×${n}: ${run.applied} of ${events.length} events applied`);
    runs.push(run);
  }
  const one = runs[0] as InstancesRun;
  const local = one.cpu.backends !== undefined;
  const cores = one.cpu.machineCores;
  const capacity = local ? cores / cpuPerEvent(one) : Number.POSITIVE_INFINITY;
  const others = (run: InstancesRun) =>
    Math.max(0, run.cpu.machineBusy - run.cpu.node - (run.cpu.backends ?? 0) - (run.cpu.otherPostgres ?? 0)) /
    run.cpu.wall;
  const rows: InstanceScalingRow[] = runs.map((run, i) => {
    const n = COUNTS[i] as number;
    const bound = Math.min(n * one.row.perSecond, capacity);
    return {
      instances: n,
      perSecond: run.row.perSecond,
      bound,
      ofBound: run.row.perSecond / bound,
    };
  });
  const table = markdownTable(
    [
      'instances (processes)',
      'events/s',
      '× 1 instance',
      'Node CPU µs/event',
      'PostgreSQL CPU µs/event',
      'CPU bound events/s',
      '% of bound',
      'other processes, cores',
      'p50 / p99 ms per batch',
    ],
    runs.map((run, i) => {
      const row = rows[i] as InstanceScalingRow;
      return [
        String(row.instances),
        run.row.perSecond.toFixed(0),
        `×${(run.row.perSecond / one.row.perSecond).toFixed(2)}`,
        us(run.cpu.node, run.row.events),
        run.cpu.backends === undefined
          ? 'not measured'
          : us(run.cpu.backends + Math.max(0, run.cpu.otherPostgres ?? 0), run.row.events),
        row.bound.toFixed(0),
        `${(row.ofBound * 100).toFixed(0)}%`,
        others(run).toFixed(2),
        `${(run.row.p50 / 1000).toFixed(1)} / ${(run.row.p99 / 1000).toFixed(1)}`,
      ];
    }),
  );
  const lines = [
    `${events.length} task events over ${Math.floor(EVENTS / 20)} users, ${SIZE} per batch, users partitioned across the instances; each instance a child process with its own pool of 2, warmed up on ${WARMUP_EVENTS} events of its own users.`,
    '',
    table,
    '',
    local
      ? `CPU bound of N instances = min(N × the single instance, ${cores.toFixed(0)} cores ÷ its ${us(cpuPerEvent(one), 1)} µs of CPU per event (Node + PostgreSQL) = ${capacity.toFixed(0)} events/s). Target (issue 20): ≥ 80% of the bound at 2 instances. Processes other than these instances and PostgreSQL (other jobs on a shared machine) take cores from the bound: see the "other processes" column. The single instance's CPU per event includes what V8 still compiles after its warm-up, so the bound may be low, and the ratios to it flattering, when the warm-up was short.`
      : 'PostgreSQL is not on this machine: its CPU is not measured, so the bound is N × the single instance.',
  ];
  return { lines, rows };
}
