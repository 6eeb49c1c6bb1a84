/**
 * Store-level group commit rows of `npm run bench`: the units of work a dispatch makes, committed one per
 * unit of work (one event each, as `dispatch`) and in batches (500 events per unit of work, as
 * `dispatchBatch`), on the same store kind in the same run: records/s and the ratio batch / one-per-unit.
 * No engine, no rules: what the store itself costs per recorded event. Each unit reads its recorded outcome,
 * document and counters, then commits one record, its user document (≈ 1.5 KB), one outbox message and a
 * counter bump of a shared family. SQLite on a file (WAL); PostgreSQL with ENGAGELOOP_PG_URL.
 * Options: BENCH_BATCH_UNITS (default 5000 events per row), BENCH_BATCH_SIZE (default 500).
 * Alone: `cd tests && npx tsx bench/stores-batch-main.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CommitWrite,
  type OutboxMessage,
  type RecordedOutcome,
  recordKey,
  type Store,
  type StoreTransaction,
  userKey,
} from '@engageloop/core';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import pg from 'pg';
import { markdownTable } from './measure';

const UNITS = Number(process.env.BENCH_BATCH_UNITS ?? 5_000);
const BATCH = Number(process.env.BENCH_BATCH_SIZE ?? 500);
const PG_URL = process.env.ENGAGELOOP_PG_URL;

/** One event's worth of store work. */
interface Unit {
  user: string;
  record: RecordedOutcome;
  doc: unknown;
  message: OutboxMessage;
  counter: string;
}

const HISTORY = Array.from({ length: 12 }, (_, i) => ({
  at: 1_767_000_000_000 + i,
  type: 'task.done',
  n: i,
}));

function units(tag: string, count: number): Unit[] {
  return Array.from({ length: count }, (_, i) => {
    const user = `${tag}-u${i}`;
    const key = recordKey('event', user, `e${i}`);
    return {
      user,
      record: {
        key,
        userId: user,
        fingerprint: 'f'.repeat(32),
        committedAt: 1_767_000_000_000 + i,
        outcome: {
          eventId: `e${i}`,
          userId: user,
          type: 'task.done',
          source: 'event',
          status: 'applied',
          fired: ['task-points', 'tier-review'],
          effects: [{ type: 'incentives.award', points: 10, ledger: 'points' }],
          messages: [{ id: `${key}#0`, kind: 'reply', topic: 'thanks' }],
          timers: { scheduled: [], cancelled: [] },
          emitted: [],
        },
      },
      doc: {
        profile: { locale: 'en', tier: 'basic' },
        points: { balance: 10 * i, entries: HISTORY },
        notes: 'x'.repeat(600),
      },
      message: {
        id: `${key}#0`,
        dedupeKey: `reply:${key}`,
        userId: user,
        kind: 'reply',
        topic: 'thanks',
        channel: 'app',
        locale: 'en',
        subject: null,
        body: `Thanks for finishing your task, ${user}! You earned 10 points.`,
        data: { points: 10 },
        eventId: `e${i}`,
        ruleId: 'task-points',
        plugin: 'incentives',
        createdAt: 1_767_000_000_000 + i,
        notBefore: 1_767_000_000_000 + i,
        transactional: false,
      },
      counter: `tasks:2026-01:${i % 50}`,
    };
  });
}

const writeOf = (batch: readonly Unit[]): CommitWrite => ({
  records: batch.map((u) => u.record),
  docs: batch.map((u) => ({ key: userKey(u.user), value: u.doc })),
  counters: batch.map((u) => ({ key: u.counter, delta: 1 })),
  messages: batch.map((u) => u.message),
  cancelMessages: [],
  timers: { schedule: [], cancel: [], complete: [] },
});

/** One unit of work over `batch`: the reads a dispatch makes, then one commit (on the synchronous face when there is one). */
function commitUnits(store: Store, batch: readonly Unit[]): Promise<unknown> {
  const keys = batch.map((u) => userKey(u.user));
  return store.transact(keys, async (tx: StoreTransaction) => {
    const records = batch.map((u) => u.record.key);
    const counters = [...new Set(batch.map((u) => u.counter))];
    const sync = tx.sync;
    if (sync) {
      sync.recordedMany(records);
      sync.load(keys);
      sync.counters(counters);
      return sync.commit(writeOf(batch));
    }
    await tx.recordedMany(records);
    await tx.load(keys);
    await tx.counters(counters);
    return tx.commit(writeOf(batch));
  });
}

interface Row {
  store: string;
  mode: string;
  commits: number;
  records: number;
  seconds: number;
  cpu: number;
}

/** Commits `all` in units of work of `size` events; wall and CPU time. */
async function run(
  store: string,
  open: () => Promise<Store>,
  all: readonly Unit[],
  size: number,
): Promise<Row> {
  const s = await open();
  try {
    await commitUnits(s, units(`warm${size}`, Math.min(size, 50)));
    const cpu = process.cpuUsage();
    const start = performance.now();
    let commits = 0;
    for (let at = 0; at < all.length; at += size) {
      await commitUnits(s, all.slice(at, at + size));
      commits += 1;
    }
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      store,
      mode: size === 1 ? 'one event per unit of work' : `${size} events per unit of work`,
      commits,
      records: all.length,
      seconds,
      cpu: (used.user + used.system) / 1e6,
    };
  } finally {
    await s.close();
  }
}

/** A fresh PostgreSQL schema per row, dropped afterwards. */
async function pgStore(schema: string): Promise<{ open: () => Promise<Store>; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const drop = async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  await drop();
  return {
    open: async () => {
      const store = createPostgresStore({ connectionString: PG_URL, schema, maxConnections: 2 });
      await store.migrate();
      return store;
    },
    drop: async () => {
      await drop();
      await admin.end();
    },
  };
}

/** The rows: per store, one event per unit of work and `BATCH` per unit of work, with the ratio. */
export async function storeBatchRows(): Promise<string[]> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-batch-'));
  try {
    for (const size of [1, BATCH]) {
      const file = join(dir, `batch-${size}.db`);
      rows.push(
        await run(
          'SQLite (file, WAL)',
          async () => createSqliteStore({ filename: file }),
          units(`s${size}`, UNITS),
          size,
        ),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const notes: string[] = [];
  if (PG_URL === undefined || PG_URL === '')
    notes.push(
      'PostgreSQL rows skipped: set ENGAGELOOP_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test).',
    );
  else
    for (const size of [1, BATCH]) {
      const schema = await pgStore(`engageloop_bench_batch_${size}`);
      try {
        rows.push(await run('PostgreSQL', schema.open, units(`p${size}`, UNITS), size));
      } finally {
        await schema.drop();
      }
    }
  const header = [
    'store',
    'unit of work',
    'commits',
    'records',
    'records/s',
    'CPU µs/record',
    '× one per unit',
  ];
  const body = rows.map((row) => {
    const base = rows.find((r) => r.store === row.store && r.mode.startsWith('one'));
    const perSecond = row.records / row.seconds;
    return [
      row.store,
      row.mode,
      String(row.commits),
      String(row.records),
      perSecond.toFixed(0),
      ((row.cpu / row.records) * 1e6).toFixed(1),
      base === undefined ? '-' : (perSecond / (base.records / base.seconds)).toFixed(2),
    ];
  });
  return [markdownTable(header, body), ...notes];
}
