/**
 * Throughput rows of `engine.dispatchBatch` (issue 20): the same events dispatched one at a time and in batches,
 * measured in the same run, on the memory store (the 41-rule bench policy with incentives), SQLite (a file, WAL)
 * and PostgreSQL (one instance in this process, when ENGAGELOOP_PG_URL is set), both with the stores' focused
 * incentives policy. Each row starts from an empty store; events/s, the ratio to one-by-one dispatch, and this
 * process's CPU µs per event (for PostgreSQL: Node's only — the server's CPU is not counted).
 * Options: BENCH_BATCH_EVENTS (memory, default 100000), BENCH_BATCH_STORE_EVENTS (SQLite and PostgreSQL, default
 * 10000), BENCH_BATCH_SIZE (default 500). Alone: `cd tests && npx tsx bench/batch-main.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  type LoopEvent,
  type Store,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import pg from 'pg';
import { storesEngine, taskEvents } from '../stores/support/scenario';
import { type Measurement, markdownTable } from './measure';
import { benchEvents, benchPolicyWithPoints } from './policy-40';

const EVENTS = Number(process.env.BENCH_BATCH_EVENTS ?? 100_000);
const STORE_EVENTS = Number(process.env.BENCH_BATCH_STORE_EVENTS ?? 10_000);
const SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 500);
const PG_URL = process.env.ENGAGELOOP_PG_URL;

/**
 * Dispatches `events` (one at a time, or in batches of `size`) and times the whole: events/s over the run,
 * latency per dispatch call (p50/p99: one event, or one batch), and this process's CPU per event.
 */
async function timed(
  name: string,
  engine: Engine,
  events: readonly LoopEvent[],
  size: number | undefined,
): Promise<Measurement & { statuses: Record<string, number> }> {
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  const count = (status: string) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  if (size === undefined) {
    for (const event of events) {
      const t = performance.now();
      count((await engine.dispatch(event)).status);
      samples.push((performance.now() - t) * 1000);
    }
  } else {
    for (let i = 0; i < events.length; i += size) {
      const t = performance.now();
      for (const o of await engine.dispatchBatch(events.slice(i, i + size), { batchSize: size }))
        count(o.status);
      samples.push((performance.now() - t) * 1000);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))] ?? 0;
  return {
    name,
    events: events.length,
    seconds,
    perSecond: events.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    cpuPerItem: (used.user + used.system) / events.length,
    statuses,
  };
}

/** The table of one store: one-by-one first (the baseline of the ratio), then batches. */
function pairTable(rows: ReadonlyArray<Measurement & { statuses: Record<string, number> }>): string {
  const base = rows[0] as Measurement;
  const header = [
    'rows',
    'events',
    'events/s',
    'p50 µs',
    'p99 µs',
    'CPU µs/event',
    '× one-by-one',
    'statuses',
  ];
  const body = rows.map((r) => [
    r.name,
    String(r.events),
    r.perSecond.toFixed(0),
    r.p50.toFixed(0),
    r.p99.toFixed(0),
    r.cpuPerItem === undefined ? '-' : r.cpuPerItem.toFixed(1),
    (r.perSecond / base.perSecond).toFixed(2),
    Object.entries(r.statuses)
      .map(([s, n]) => `${s} ${n}`)
      .join(', '),
  ]);
  return markdownTable(header, body);
}

/** Memory store, 41 rules with incentives, after a warm-up of both paths on other users. */
async function memoryPair() {
  const events = benchEvents(EVENTS, 5_000);
  const warm = benchEvents(20_000, 5_000).map((e) => ({ ...e, id: `w-${e.id}`, userId: `w-${e.userId}` }));
  const engineFor = async (size: number | undefined) => {
    const engine = createEngine({
      plugins: [incentives()],
      policy: benchPolicyWithPoints,
      store: createMemoryStore(),
      clock: createManualClock('2026-01-01T00:00:00Z'),
    });
    if (size === undefined) for (const e of warm) await engine.dispatch(e);
    else await engine.dispatchBatch(warm, { batchSize: size });
    return engine;
  };
  const one = await timed('memory: dispatch, one by one', await engineFor(undefined), events, undefined);
  const many = await timed(`memory: dispatchBatch, ${SIZE} per batch`, await engineFor(SIZE), events, SIZE);
  return [one, many];
}

/** Rows on a store opened fresh for each by `open`. */
async function storePair(label: string, open: () => Promise<Store>) {
  const events = taskEvents(STORE_EVENTS, Math.max(1, Math.floor(STORE_EVENTS / 20)));
  const rows = [];
  for (const size of [undefined, SIZE]) {
    const engine = await storesEngine(await open());
    const name =
      size === undefined ? `${label}: dispatch, one by one` : `${label}: dispatchBatch, ${size} per batch`;
    rows.push(await timed(name, engine, events, size));
    await engine.close();
  }
  return rows;
}

async function pgSchema(name: string) {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  await admin.end();
  const store = createPostgresStore({ connectionString: PG_URL, schema: name, maxConnections: 2 });
  await store.migrate();
  return store;
}

async function dropSchema(name: string) {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  await admin.end();
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

/** Issue 20's throughput figures against the batch rows of this run. */
export function batchTargets(rows: readonly Measurement[]): string {
  const target = (label: string, prefix: string, required: number): string[] => {
    const batch = rows.find((r) => r.name.startsWith(prefix) && r.name.includes('dispatchBatch'));
    const one = rows.find((r) => r.name.startsWith(prefix) && r.name.includes('one by one'));
    if (!batch || !one) return [label, `≥ ${n0(required)} events/s`, 'not run', '-'];
    const measured = `${n0(batch.perSecond)} (×${(batch.perSecond / one.perSecond).toFixed(1)} one by one; ${batch.cpuPerItem?.toFixed(0) ?? '-'} µs CPU/event)`;
    return [label, `≥ ${n0(required)} events/s`, measured, batch.perSecond >= required ? 'met' : 'not met'];
  };
  return markdownTable(
    ['target (issue 20)', 'required', 'measured in this run', 'verdict'],
    [
      target('memory store, batches, with incentives', 'memory', 60_000),
      target('SQLite, dispatchBatch', 'SQLite', 20_000),
      target('PostgreSQL (1 instance), dispatchBatch', 'PostgreSQL', 7_000),
    ],
  );
}

/** The batch rows: one table per store, and notes. */
export async function batchRows(): Promise<{ tables: string[]; notes: string[]; rows: Measurement[] }> {
  const tables: string[] = [];
  const notes: string[] = [];
  const all: Measurement[] = [];
  const memory = await memoryPair();
  tables.push(pairTable(memory));
  all.push(...memory);

  const dir = mkdtempSync(join(tmpdir(), 'engageloop-bench-batch-'));
  try {
    let n = 0;
    const sqlite = await storePair('SQLite (file, WAL)', async () =>
      createSqliteStore({ filename: join(dir, `batch-${++n}.db`) }),
    );
    tables.push(pairTable(sqlite));
    all.push(...sqlite);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (PG_URL === undefined || PG_URL === '') {
    notes.push('PostgreSQL batch rows skipped: set ENGAGELOOP_PG_URL.');
  } else {
    const names: string[] = [];
    try {
      const postgres = await storePair('PostgreSQL (1 instance)', async () => {
        const name = `engageloop_bench_batch_${names.length}`;
        names.push(name);
        return pgSchema(name);
      });
      tables.push(pairTable(postgres));
      all.push(...postgres);
      notes.push(
        'PostgreSQL: CPU µs/event is this Node process only (one pool of 2 connections); the server works on its own cores.',
      );
    } finally {
      for (const name of names) await dropSchema(name);
    }
  }
  notes.push(
    `p50/p99 are per dispatch call: one event one by one, one batch of ${SIZE} in batches. Targets (issue 20): memory ≥ 60,000 events/s, SQLite ≥ 20,000, PostgreSQL (1 instance) ≥ 7,000.`,
  );
  return { tables, notes, rows: all };
}
