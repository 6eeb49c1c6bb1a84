/**
 * Batch size rows of `npm run bench` (the scaling guide's advice rests on them): `engine.dispatchBatch` over the
 * same task events at batch sizes 1 to 2,000, on SQLite (a file, WAL) and PostgreSQL (one instance in this
 * process, when ENGAGELOOP_PG_URL is set), each size on a fresh store after a warm-up on other users. Prints
 * events/s, this process's CPU µs per event and the wall time of one batch (p50 / p99: how long the batch's
 * first event waits for its outcome).
 * Options: BENCH_BATCH_SIZE_EVENTS (default 5000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoopEvent, Store } from '@engageloop/core';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import pg from 'pg';
import { storesEngine, taskEvents } from '../stores/support/scenario';
import { markdownTable } from './measure';

const EVENTS = Number(process.env.BENCH_BATCH_SIZE_EVENTS ?? 5_000);
const SIZES = [1, 10, 50, 200, 500, 2_000] as const;
const PG_URL = process.env.ENGAGELOOP_PG_URL;

interface SizeRow {
  size: number;
  perSecond: number;
  cpu: number;
  p50: number;
  p99: number;
}

/** One size on a fresh store: a warm-up of 1,000 events on other users, then the timed events. */
async function oneSize(store: Store, events: readonly LoopEvent[], size: number): Promise<SizeRow> {
  const engine = await storesEngine(store);
  const warm = taskEvents(1_000, 50, 1, { ids: 'w-', users: 'w-' });
  await engine.dispatchBatch(warm, { batchSize: Math.min(size, 500) });
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < events.length; i += size) {
    const t = performance.now();
    const outcomes = await engine.dispatchBatch(events.slice(i, i + size), { batchSize: size });
    samples.push(performance.now() - t);
    if (outcomes.some((o) => o.status !== 'applied')) throw new Error(`batch size ${size}: not all applied`);
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  await engine.close();
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))] ?? 0;
  return {
    size,
    perSecond: events.length / seconds,
    cpu: (used.user + used.system) / events.length,
    p50: pct(0.5),
    p99: pct(0.99),
  };
}

function sizeTable(label: string, rows: readonly SizeRow[]): string {
  const one = rows[0] as SizeRow;
  return markdownTable(
    [`${label}: batch size`, 'events/s', '× size 1', 'CPU µs/event', 'ms per batch p50 / p99'],
    rows.map((r) => [
      String(r.size),
      r.perSecond.toFixed(0),
      `×${(r.perSecond / one.perSecond).toFixed(1)}`,
      r.cpu.toFixed(0),
      `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}`,
    ]),
  );
}

/** The batch size tables (SQLite; PostgreSQL when configured). */
export async function batchSizeLines(): Promise<string[]> {
  const events = taskEvents(EVENTS, Math.max(1, Math.floor(EVENTS / 20)));
  const lines = [
    `${EVENTS} task events over ${Math.floor(EVENTS / 20)} users per size, a fresh store each; the stores' focused incentives policy.`,
    '',
  ];
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-bench-size-'));
  try {
    const rows: SizeRow[] = [];
    for (const size of SIZES)
      rows.push(await oneSize(createSqliteStore({ filename: join(dir, `size-${size}.db`) }), events, size));
    lines.push(sizeTable('SQLite (file, WAL)', rows), '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (PG_URL === undefined || PG_URL === '') {
    lines.push('PostgreSQL batch size rows skipped: set ENGAGELOOP_PG_URL.');
    return lines;
  }
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    const rows: SizeRow[] = [];
    for (const size of SIZES) {
      const schema = `engageloop_bench_size_${size}`;
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      const store = createPostgresStore({ connectionString: PG_URL, schema, maxConnections: 2 });
      await store.migrate();
      try {
        rows.push(await oneSize(store, events, size));
      } finally {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    }
    lines.push(sizeTable('PostgreSQL (1 instance)', rows));
  } finally {
    await admin.end();
  }
  return lines;
}
