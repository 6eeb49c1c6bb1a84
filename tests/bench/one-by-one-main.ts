/**
 * The one-by-one rows of the batch bench on their own, for comparing before/after of the per-dispatch overhead
 * (a batch of one): `cd tests && npx tsx bench/one-by-one-main.ts [memory|sqlite|postgres ...]` (default: all;
 * PostgreSQL needs ENGAGELOOP_PG_URL). Sizes: BENCH_BATCH_EVENTS (memory, default 50000) and
 * BENCH_BATCH_STORE_EVENTS (stores, default 5000). Prints one line per store: events/s and CPU µs per event of
 * this process (PostgreSQL: Node's only).
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
} from '@engageloop/core';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import pg from 'pg';
import { storesEngine, taskEvents } from '../stores/support/scenario';
import { rerunOnDist } from './dist-rerun';
import { warmMemoryEngine } from './memory-engine';
import { benchEvents, type benchPolicyWithPoints } from './policy-40';

rerunOnDist();

const EVENTS = Number(process.env.BENCH_BATCH_EVENTS ?? 50_000);
const STORE_EVENTS = Number(process.env.BENCH_BATCH_STORE_EVENTS ?? 5_000);
const PG_URL = process.env.ENGAGELOOP_PG_URL;

/** BENCH_ONE_BATCH=n: dispatchBatch in batches of n instead (the same events, for comparison). */
const BATCH = Number(process.env.BENCH_ONE_BATCH ?? 0);

async function oneByOne(label: string, engine: Engine, events: readonly LoopEvent[]): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let applied = 0;
  if (BATCH > 0) {
    for (let i = 0; i < events.length; i += BATCH)
      for (const o of await engine.dispatchBatch(events.slice(i, i + BATCH), { batchSize: BATCH }))
        if (o.status === 'applied') applied++;
  } else for (const event of events) if ((await engine.dispatch(event)).status === 'applied') applied++;
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const perEvent = (used.user + used.system) / events.length;
  const system = used.system / events.length;
  process.stdout.write(
    `${label}: ${(events.length / seconds).toFixed(0)} events/s, ${perEvent.toFixed(1)} µs CPU/event (system ${system.toFixed(1)}; ${applied} applied)\n`,
  );
}

async function memory(): Promise<void> {
  const engine = await warmMemoryEngine(undefined);
  await oneByOne('memory', engine, benchEvents(EVENTS, 5_000));
}

/** The fixed cost of a dispatch alone: a policy with no rules and no plugin, on the memory store. */
async function empty(): Promise<void> {
  const policy = { version: 1, name: 'empty', eventTypes: { 'task.done': {} }, rules: [] };
  const engine = createEngine({
    plugins: [],
    policy: policy as unknown as typeof benchPolicyWithPoints,
    store: createMemoryStore(),
    clock: createManualClock('2026-01-01T00:00:00Z'),
  });
  const events = taskEvents(EVENTS + 20_000, 5_000);
  await oneByOne('empty (warm-up)', engine, events.slice(0, 20_000));
  await oneByOne('empty', engine, events.slice(20_000));
}

const storeEvents = () => taskEvents(STORE_EVENTS, Math.max(1, Math.floor(STORE_EVENTS / 20)));

async function sqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-bench-one-'));
  try {
    const engine = await storesEngine(createSqliteStore({ filename: join(dir, 'one.db') }));
    await oneByOne('SQLite', engine, storeEvents());
    await engine.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<void> {
  if (!PG_URL) return void process.stdout.write('PostgreSQL: skipped (set ENGAGELOOP_PG_URL)\n');
  const name = `engageloop_bench_one_${process.pid}`;
  const drop = async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await admin.end();
  };
  await drop();
  try {
    const store = createPostgresStore({ connectionString: PG_URL, schema: name, maxConnections: 2 });
    await store.migrate();
    const engine = await storesEngine(store);
    await oneByOne('PostgreSQL', engine, storeEvents());
    await engine.close();
  } finally {
    await drop();
  }
}

const runs = { memory, sqlite, postgres, empty } as const;
const wanted = process.argv.slice(2).filter((a): a is keyof typeof runs => a in runs);
for (const name of wanted.length > 0 ? wanted : (['memory', 'sqlite', 'postgres'] as const))
  await runs[name]();
