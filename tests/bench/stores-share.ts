/**
 * The store's own share of `dispatchBatch` (issue 20, group commit): the stores' focused incentives workload
 * dispatched in batches on the memory store, SQLite (a file, WAL) and PostgreSQL (one instance in this process,
 * when ENGAGELOOP_PG_URL is set), after a warm-up on other users. Per row: events/s, this process's CPU µs per
 * event, and the store's share of it: the row's CPU per event less the memory store's (same engine, same events,
 * same run), i.e. what reading and writing the database costs Node. PostgreSQL's server CPU is not counted.
 * Options: BENCH_SHARE_EVENTS (default 10000, 20 per user), BENCH_BATCH_SIZE (default 500).
 * Alone: `cd tests && npx tsx bench/stores-share-main.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type LoopEvent, type Store } from '@engageloop/core';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import pg from 'pg';
import { storesEngine, taskEvents } from '../stores/support/scenario';
import { markdownTable } from './measure';

const EVENTS = Number(process.env.BENCH_SHARE_EVENTS ?? 10_000);
const SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 500);
const PG_URL = process.env.ENGAGELOOP_PG_URL;

interface ShareRow {
  store: string;
  perSecond: number;
  cpu: number;
  applied: number;
}

/** Warms the engine up on users of its own, then times `events` in batches of `SIZE`. */
async function timed(label: string, store: Store, events: readonly LoopEvent[]): Promise<ShareRow> {
  const engine = await storesEngine(store);
  try {
    const warm = taskEvents(2_000, 100, 7, { ids: 'w', users: 'w' });
    await engine.dispatchBatch(warm, { batchSize: SIZE });
    let applied = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < events.length; i += SIZE)
      for (const o of await engine.dispatchBatch(events.slice(i, i + SIZE), { batchSize: SIZE }))
        if (o.status === 'applied') applied += 1;
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      store: label,
      perSecond: events.length / seconds,
      cpu: (used.user + used.system) / events.length,
      applied,
    };
  } finally {
    await engine.close();
  }
}

async function withSchema<T>(name: string, run: (store: Store) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    const store = createPostgresStore({ connectionString: PG_URL, schema: name, maxConnections: 2 });
    await store.migrate();
    return await run(store);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await admin.end();
  }
}

/** The rows: memory (the engine alone), SQLite, PostgreSQL; each store's share against memory. */
export async function storeShareRows(): Promise<string[]> {
  const events = taskEvents(EVENTS, Math.max(1, Math.floor(EVENTS / 20)));
  const rows: ShareRow[] = [await timed('memory', createMemoryStore(), events)];
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-share-'));
  try {
    rows.push(
      await timed('SQLite (file, WAL)', createSqliteStore({ filename: join(dir, 'share.db') }), events),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (PG_URL !== undefined && PG_URL !== '')
    rows.push(
      await withSchema('engageloop_bench_share', (store) => timed('PostgreSQL (1 instance)', store, events)),
    );
  const memory = rows[0] as ShareRow;
  const body = rows.map((r) => [
    r.store,
    String(r.applied),
    r.perSecond.toFixed(0),
    r.cpu.toFixed(1),
    r === memory ? '-' : (r.cpu - memory.cpu).toFixed(1),
  ]);
  return [
    markdownTable(
      ['store', 'applied', 'events/s', 'Node CPU µs/event', 'store share µs/event (− memory)'],
      body,
    ),
    `dispatchBatch, ${SIZE} per batch, ${events.length} events over ${events.length / 20} users, after a warm-up of 2,000 events on other users.`,
  ];
}
