/**
 * Store rows of `npm run bench`: dispatch throughput on SQLite (a file, in this process) and PostgreSQL
 * (1 and 4 app instances, each a child process with its own engine and pool: ./stores-pg.ts), with notes on
 * where the CPU went and what bounds the 4-instance ratio; and the space one user's state takes on each store.
 * Options: BENCH_STORE_EVENTS (default 3000), BENCH_STORE_WARMUP (events per PostgreSQL instance before timing, default 3000), BENCH_SIZE_USERS (default 10000; SQLite and PostgreSQL figures for 1M users are
 * extrapolated linearly and labelled so), ENGAGELOOP_PG_URL (PostgreSQL rows are skipped without it).
 * The store rows alone: `cd tests && npx tsx bench/stores-main.ts`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoopEvent, Store } from '@engageloop/core';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import pg from 'pg';
import { storesEngine, taskEvents } from '../stores/support/scenario';
import { type Measurement, measure } from './measure';
import { type InstancesRun, runInstances, WARMUP_EVENTS } from './stores-pg';

const EVENTS = Number(process.env.BENCH_STORE_EVENTS ?? 3_000);
const SIZE_USERS = Number(process.env.BENCH_SIZE_USERS ?? 10_000);
const PG_URL = process.env.ENGAGELOOP_PG_URL;
const INSTANCES = 4;

async function pgSchema(
  name: string,
): Promise<{ name: string; store: () => Store; drop: () => Promise<void>; size: () => Promise<number> }> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  const first = createPostgresStore({ connectionString: PG_URL, schema: name, maxConnections: 2 });
  await first.migrate();
  await first.close();
  return {
    name,
    store: () => createPostgresStore({ connectionString: PG_URL, schema: name, maxConnections: 2 }),
    size: async () => {
      const { rows } = await admin.query<{ bytes: string }>(
        `SELECT coalesce(sum(pg_total_relation_size(format('%I.%I', table_schema, table_name))), 0) AS bytes
         FROM information_schema.tables WHERE table_schema = $1`,
        [name],
      );
      return Number(rows[0]?.bytes ?? 0);
    },
    drop: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      await admin.end();
    },
  };
}

/** Seconds of CPU over `events` → "123 µs". */
const perEvent = (seconds: number, events: number) => `${((seconds / events) * 1e6).toFixed(0)} µs`;
const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)}%`;

/** Where one run's CPU went, per event, and what else kept the machine busy meanwhile. */
function cpuNote(label: string, run: InstancesRun): string {
  const { cpu, row } = run;
  if (cpu.backends === undefined)
    return `${label}: Node ${perEvent(cpu.node, row.events)}/event (PostgreSQL is not on this machine: its CPU is not measured)`;
  const ours = cpu.node + cpu.backends + (cpu.otherPostgres ?? 0);
  return `${label}: CPU per event: Node ${perEvent(cpu.node, row.events)} + its PostgreSQL backends ${perEvent(cpu.backends, row.events)} + rest of PostgreSQL ${perEvent(Math.max(0, cpu.otherPostgres ?? 0), row.events)}; cores busy: ours ${(ours / cpu.wall).toFixed(2)}, other processes ${(Math.max(0, cpu.machineBusy - ours) / cpu.wall).toFixed(2)}, of ${cpu.machineCores.toFixed(0)}`;
}

/** What bounds the ratio: the cores one instance keeps busy, against the cores the machine has. */
function ceilingNote(
  one: InstancesRun,
  many: InstancesRun,
  instances: number,
  relaxed?: InstancesRun,
): string[] {
  const cpu = one.cpu;
  if (cpu.backends === undefined) return [];
  const perEventCpu = (cpu.node + cpu.backends + (cpu.otherPostgres ?? 0)) / one.row.events;
  const cores = cpu.machineCores;
  const busy = perEventCpu * one.row.perSecond;
  const ceiling = cores / perEventCpu;
  const target = instances - 1;
  // Waiting per event (round trips, WAL flush): the single instance's latency less its CPU. N instances give
  // at most cores × (CPU + waiting) / CPU one instance, so ×target needs CPU ≤ cores × waiting / (target − cores).
  const waiting = Math.max(0, 1 / one.row.perSecond - perEventCpu);
  const needed = target > cores ? (cores * waiting) / (target - cores) : Number.POSITIVE_INFINITY;
  const others = (run: InstancesRun) =>
    Math.max(0, run.cpu.machineBusy - run.cpu.node - (run.cpu.backends ?? 0) - (run.cpu.otherPostgres ?? 0)) /
    run.cpu.wall;
  const noise = Math.max(others(one), others(many));
  // Under other processes' load both figures grow (waiting includes waiting for a CPU; contention inflates CPU):
  // the verdict is then only indicative.
  const underLoad =
    noise > 0.25 ? ' (measured under load, which inflates both figures: rerun on an idle machine)' : '';
  const verdict =
    perEventCpu > needed
      ? `×${target} is out of reach on ${cores.toFixed(0)} cores: with ${perEvent(waiting, 1)} of waiting per event, CPU per event (Node + PostgreSQL) must fall to ≤ ${perEvent(needed, 1)}; it is ${perEvent(perEventCpu, 1)}${underLoad}.`
      : noise > 0.25
        ? `No verdict on ×${target} from this run: the waiting it measured includes waiting for a CPU (see the caution).`
        : `×${target} is within reach of these ${cores.toFixed(0)} cores at this CPU per event.`;
  const lines = [
    `why: one instance dispatching one event at a time keeps ${busy.toFixed(2)} cores busy (${pct(busy, 1)} of its wall time is CPU, Node or PostgreSQL; the rest is waiting: round trips, the WAL flush of each COMMIT). ${instances} instances can overlap only the waiting: at ${perEvent(perEventCpu, 1)} of CPU per event the ${cores.toFixed(0)} cores allow ≈ ${ceiling.toFixed(0)} events/s = ×${(ceiling / one.row.perSecond).toFixed(2)} one instance, before any contention; measured ×${(many.row.perSecond / one.row.perSecond).toFixed(2)}, with the machine ${pct(many.cpu.machineBusy, many.cpu.wall * cores)} busy. ×${target} needs the single instance to be busy ≤ ${(cores / target).toFixed(2)} cores. ${verdict}`,
  ];
  if (noise > 0.25)
    lines.push(
      `caution: other processes kept ${noise.toFixed(2)} cores busy during these runs, so "waiting" includes waiting for a CPU and the ratio is not this store's; rerun on an idle machine.`,
    );
  if (relaxed !== undefined)
    lines.push(
      `the WAL flush: the same single instance with synchronous_commit=off (diagnostic only, not durable) runs ${relaxed.row.perSecond.toFixed(0)} events/s, p50 ${(relaxed.row.p50 / 1000).toFixed(2)} ms (durable: ${one.row.perSecond.toFixed(0)} events/s, p50 ${(one.row.p50 / 1000).toFixed(2)} ms) — concurrent instances share flushes (group commit), which is the part of the latency they overlap.`,
    );
  return lines;
}

/** The connection string with a server setting for the session (libpq `options`), for a diagnostic run. */
const withSetting = (url: string, setting: string): string => {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c ${setting}`);
  return parsed.toString();
};

/** Throughput rows: SQLite, PostgreSQL ×1, PostgreSQL ×4 (the last two only with ENGAGELOOP_PG_URL). */
export async function storeThroughput(): Promise<{ rows: Measurement[]; notes: string[] }> {
  const events = taskEvents(EVENTS, Math.max(1, Math.floor(EVENTS / 20)));
  const rows: Measurement[] = [];
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-bench-'));
  try {
    const sqlite = await storesEngine(createSqliteStore({ filename: join(dir, 'bench.db') }));
    rows.push(
      await measure('SQLite dispatch (file, WAL)', events.length, (i) =>
        sqlite.dispatch(events[i] as LoopEvent),
      ),
    );
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (PG_URL === undefined || PG_URL === '') {
    notes.push(
      'PostgreSQL rows skipped: set ENGAGELOOP_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test).',
    );
    return { rows, notes };
  }
  const runs: InstancesRun[] = [];
  for (const n of [1, INSTANCES]) {
    const schema = await pgSchema(`engageloop_bench_${n}`);
    try {
      const label =
        n === 1 ? 'PostgreSQL dispatch (1 instance)' : `PostgreSQL dispatch (${n} instances, aggregate)`;
      const run = await runInstances(PG_URL, schema.name, events, n, label);
      if (run.applied !== events.length)
        throw new Error(`${label}: ${run.applied} of ${events.length} events applied`);
      runs.push(run);
      rows.push(run.row);
    } finally {
      await schema.drop();
    }
  }
  const [one, many] = runs as [InstancesRun, InstancesRun];
  const relaxedSchema = await pgSchema('engageloop_bench_async');
  let relaxed: InstancesRun | undefined;
  try {
    relaxed = await runInstances(
      withSetting(PG_URL, 'synchronous_commit=off'),
      relaxedSchema.name,
      events,
      1,
      'PostgreSQL dispatch (1 instance, synchronous_commit=off)',
    );
  } finally {
    await relaxedSchema.drop();
  }
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const setting = (await admin.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0];
  await admin.end();
  notes.push(
    `PostgreSQL ${INSTANCES} instances / 1 instance: ×${(many.row.perSecond / one.row.perSecond).toFixed(2)}. Each instance is a child process with its own engine and pool of 2, warmed up on ${WARMUP_EVENTS} events of its own users (steady state: V8 has compiled the dispatch path), then dispatching its share one event at a time; users are partitioned across instances (user affinity, as a sticky load balancer would do: a user's events stay in order on one instance and instances never wait on each other's locks); commits durable (server synchronous_commit=${setting?.synchronous_commit ?? '?'}); 3 round trips per dispatch.`,
    cpuNote('1 instance', one),
    cpuNote(`${INSTANCES} instances`, many),
    ...ceilingNote(one, many, INSTANCES, relaxed),
  );
  return { rows, notes };
}

/**
 * Bytes per user's state after one task event each: file size (SQLite), relation size (PostgreSQL).
 * The memory store's figure is measured, not extrapolated, by ./memory.ts.
 */
export async function stateSize(): Promise<string[]> {
  const users = SIZE_USERS;
  const events: LoopEvent[] = Array.from({ length: users }, (_, i) => ({
    id: `m${i}`,
    type: 'task.done',
    userId: `user-${i}`,
    at: '2026-01-05T10:00:00Z',
    payload: {},
  }));
  const lines: string[] = [];
  const label = (store: string, bytes: number) => {
    const per = bytes / users;
    const million = (per * 1_000_000) / 1024 ** 2;
    const how =
      users >= 1_000_000 ? 'measured' : `extrapolated ×${(1_000_000 / users).toFixed(0)} from ${users} users`;
    lines.push(`| ${store} | ${users} | ${per.toFixed(0)} | ${million.toFixed(0)} MiB (${how}) |`);
  };
  const run = async (store: Store) => {
    const engine = await storesEngine(store);
    for (const event of events) await engine.dispatch(event);
    return engine;
  };

  const dir = mkdtempSync(join(tmpdir(), 'engageloop-bench-'));
  try {
    const filename = join(dir, 'size.db');
    const sqlite = await run(createSqliteStore({ filename }));
    await sqlite.close();
    label('SQLite (file size after close)', statSync(filename).size);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (PG_URL !== undefined && PG_URL !== '') {
    const schema = await pgSchema('engageloop_bench_size');
    const engine = await run(schema.store());
    await engine.close();
    label('PostgreSQL (pg_total_relation_size)', await schema.size());
    await schema.drop();
  }
  return ['| store | users | bytes/user | at 1M users |', '|---|---|---|---|', ...lines];
}
