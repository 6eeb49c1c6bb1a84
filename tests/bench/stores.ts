/**
 * Store rows of `npm run bench`: dispatch throughput on SQLite (a file) and PostgreSQL (one instance, and
 * four instances at once on separate pools), and the space one user's state takes on each store.
 * Options: BENCH_STORE_EVENTS (default 3000), BENCH_MEMORY_USERS (default 10000; figures for 1M users are
 * extrapolated linearly and labelled so), ENGAGELOOP_PG_URL (PostgreSQL rows are skipped without it).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type LoopEvent,
  loadPolicy,
  type Store,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import pg from 'pg';
import { storesPolicy, taskEvents } from '../stores/support/scenario';
import { type Measurement, measure } from './measure';

const EVENTS = Number(process.env.BENCH_STORE_EVENTS ?? 3_000);
const MEMORY_USERS = Number(process.env.BENCH_MEMORY_USERS ?? 10_000);
const PG_URL = process.env.ENGAGELOOP_PG_URL;
const INSTANCES = 4;

/** A real collection before each heap reading (bench only), so the memory row is not noise. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function engineOn(store: Store) {
  const plugin = incentives();
  const policy = await loadPolicy(storesPolicy, { plugins: [plugin] });
  return createEngine({ plugins: [plugin], policy, store, clock: createManualClock('2026-02-01T00:00:00Z') });
}

/** Dispatches `lanes` disjoint shares of `events` at once, one engine each; latency samples over all. */
async function concurrent(
  name: string,
  engines: Array<{ dispatch(e: LoopEvent): Promise<unknown> }>,
  events: LoopEvent[],
) {
  const samples: number[] = [];
  const start = performance.now();
  await Promise.all(
    engines.map(async (engine, lane) => {
      for (let i = lane; i < events.length; i += engines.length) {
        const t = performance.now();
        await engine.dispatch(events[i] as LoopEvent);
        samples.push((performance.now() - t) * 1000);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))] ?? 0;
  return {
    name,
    events: events.length,
    seconds,
    perSecond: events.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
  };
}

async function pgSchema(
  name: string,
): Promise<{ store: () => Store; drop: () => Promise<void>; size: () => Promise<number> }> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  const first = createPostgresStore({ connectionString: PG_URL, schema: name, maxConnections: 2 });
  await first.migrate();
  await first.close();
  return {
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

/** Throughput rows: SQLite, PostgreSQL ×1, PostgreSQL ×4 (the last two only with ENGAGELOOP_PG_URL). */
export async function storeThroughput(): Promise<{ rows: Measurement[]; notes: string[] }> {
  const events = taskEvents(EVENTS, Math.max(1, Math.floor(EVENTS / 20)));
  const rows: Measurement[] = [];
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-bench-'));
  try {
    const sqlite = await engineOn(createSqliteStore({ filename: join(dir, 'bench.db') }));
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
  const one = await pgSchema('engageloop_bench_one');
  const single = await engineOn(one.store());
  rows.push(
    await measure('PostgreSQL dispatch (1 instance)', events.length, (i) =>
      single.dispatch(events[i] as LoopEvent),
    ),
  );
  await single.close();
  await one.drop();
  const many = await pgSchema('engageloop_bench_many');
  const engines = await Promise.all(Array.from({ length: INSTANCES }, () => engineOn(many.store())));
  const row = await concurrent(`PostgreSQL dispatch (${INSTANCES} instances, aggregate)`, engines, events);
  rows.push(row);
  const base = rows.find((r) => r.name.startsWith('PostgreSQL dispatch (1'));
  if (base)
    notes.push(
      `PostgreSQL ${INSTANCES} instances / 1 instance: ×${(row.perSecond / base.perSecond).toFixed(2)} (4 engines in one process, separate pools of 2; one Node thread drives all four)`,
    );
  await Promise.all(engines.map((e) => e.close()));
  await many.drop();
  return { rows, notes };
}

/** Bytes per user's state after one task event each: heap (memory), file size (SQLite), relation size (PostgreSQL). */
export async function stateSize(): Promise<string[]> {
  const users = MEMORY_USERS;
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
    const engine = await engineOn(store);
    for (const event of events) await engine.dispatch(event);
    return engine;
  };
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const memory = await run(createMemoryStore());
  gc();
  label('memory (heap delta after GC)', process.memoryUsage().heapUsed - heapBefore);
  await memory.close();

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
