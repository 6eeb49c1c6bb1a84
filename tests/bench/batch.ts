/**
 * Throughput rows of `engine.dispatchBatch` (issue 20): the same events dispatched one at a time and in batches,
 * measured in the same run, on the memory store (the 41-rule bench policy with incentives), SQLite (a file, WAL)
 * and PostgreSQL (one instance in this process, when ENGAGELOOP_PG_URL is set), both with the stores' focused
 * incentives policy. Each row starts from an empty store; events/s, the ratio to one-by-one dispatch, and this
 * process's CPU µs per event (for PostgreSQL: Node's only — the server's CPU is not counted).
 * The memory batch row is also run on users who already have BENCH_BATCH_HISTORY (default 80; 0: not run) events each.
 * Options: BENCH_BATCH_EVENTS (memory, default 100000), BENCH_BATCH_STORE_EVENTS (SQLite and PostgreSQL, default
 * 10000), BENCH_BATCH_SIZE (default 500), BENCH_BATCH_ROUNDS (rounds of each SQLite and PostgreSQL row, default 3). Alone: `cd tests && npx tsx bench/batch-main.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import pg from 'pg';
import { batchSizeLines } from './batch-size';
import { type Measurement, markdownTable } from './measure';
import { historyMemoryEngine, warmMemoryEngine } from './memory-engine';
import { benchEvents } from './policy-40';
import {
  BENCH,
  STORE_EVENTS,
  STORE_ROUNDS,
  storePair,
  storeUsers,
  TASKS,
  type Timed,
  timed,
} from './store-rows';
import { type InstanceScalingRow, instanceScaling } from './stores-instances';

const EVENTS = Number(process.env.BENCH_BATCH_EVENTS ?? 100_000);
const SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 500);
const HISTORY = Number(process.env.BENCH_BATCH_HISTORY ?? 80);
const PG_URL = process.env.ENGAGELOOP_PG_URL;

/** The table of one store: one-by-one first (the baseline of the ratio), then batches. */
function pairTable(rows: readonly Timed[]): string {
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
    'events/s of each round',
    'warm-up rounds, events/s',
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
    (r.rounds ?? [r.perSecond]).map((x) => x.toFixed(0)).join(' / '),
    r.warm === undefined ? '-' : r.warm.map((x) => x.toFixed(0)).join(' → '),
  ]);
  return markdownTable(header, body);
}

/** The second workload's table: its batch row alone (no one-by-one row to take a ratio to). */
function crossTable(rows: readonly Timed[]): string {
  return markdownTable(
    [
      'rows',
      'events',
      'events/s',
      'CPU µs/event',
      'statuses',
      'events/s of each round',
      'warm-up rounds, events/s',
    ],
    rows.map((r) => [
      r.name,
      String(r.events),
      r.perSecond.toFixed(0),
      r.cpuPerItem === undefined ? '-' : r.cpuPerItem.toFixed(1),
      Object.entries(r.statuses)
        .map(([s, n]) => `${s} ${n}`)
        .join(', '),
      (r.rounds ?? [r.perSecond]).map((x) => x.toFixed(0)).join(' / '),
      r.warm === undefined ? '-' : r.warm.map((x) => x.toFixed(0)).join(' → '),
    ]),
  );
}

/** Memory store, 41 rules with incentives, after a warm-up of both paths on other users. */
async function memoryPair() {
  const events = benchEvents(EVENTS, 5_000);
  const one = await timed(
    'memory: dispatch, one by one',
    await warmMemoryEngine(undefined),
    events,
    undefined,
  );
  const many = await timed(
    `memory: dispatchBatch, ${SIZE} per batch`,
    await warmMemoryEngine(SIZE),
    events,
    SIZE,
  );
  return [one, many];
}

/**
 * The memory batch row again on users who already have `HISTORY` events each (`historyMemoryEngine`: grown bags,
 * ledgers and tiers), against the row's fresh users (`fresh`, measured by `memoryPair`): what history costs.
 */
async function memoryHistory(fresh: Measurement): Promise<string> {
  const { engine, events } = await historyMemoryEngine(SIZE, HISTORY, EVENTS, 5_000);
  const grown = await timed(`memory: dispatchBatch, users with ${HISTORY} events each`, engine, events, SIZE);
  const line = (r: Measurement, name: string) => [
    name,
    r.perSecond.toFixed(0),
    r.cpuPerItem === undefined ? '-' : r.cpuPerItem.toFixed(1),
    (r.perSecond / fresh.perSecond).toFixed(2),
  ];
  return `memory, history — the batch row on users with ${HISTORY} events of history each\n\n${markdownTable(
    ['users', 'events/s', 'CPU µs/event', '× fresh users'],
    [line(fresh, 'fresh (the row above)'), line(grown, `${HISTORY} events each before`)],
  )}`;
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

/**
 * One-by-one dispatch before the kernel (issue 20's own figures, `npm run bench` on this 2-core machine kind):
 * the "before" of the before/after rows. Recorded, not measured in this run: the old code is gone.
 */
const BEFORE = {
  memory: { perSecond: 22_000 },
  sqlite: { perSecond: 2_798, cpu: 291 },
  postgres: { perSecond: 939 },
} as const;

/** Figures of other sections that issue 20's targets read. */
export interface BatchTargetInputs {
  instances?: readonly InstanceScalingRow[] | undefined;
  memory?: { users: number; bytesPerUser: number; compactedBytesPerUser: number } | undefined;
  history?: { lastOverFirst: number; averageDoc: number; slice: number } | undefined;
}

/** Issue 20's figures against this run: the batch rows, PostgreSQL instances, memory, history, before/after. */
export function batchTargets(rows: readonly Measurement[], inputs: BatchTargetInputs = {}): string {
  const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
  const find = (prefix: string, kind: string) =>
    rows.find((r) => r.name.startsWith(prefix) && r.name.includes(kind));
  const target = (label: string, prefix: string, required: number): string[] => {
    const batch = find(prefix, 'dispatchBatch');
    const one = find(prefix, 'one by one');
    if (!batch || !one) return [label, `≥ ${n0(required)} events/s`, 'not run', '-'];
    const measured = `${n0(batch.perSecond)} (×${(batch.perSecond / one.perSecond).toFixed(1)} one by one; ${batch.cpuPerItem?.toFixed(0) ?? '-'} µs Node CPU/event)`;
    return [label, `≥ ${n0(required)} events/s`, measured, verdict(batch.perSecond >= required)];
  };
  const before = (label: string, prefix: string, was: { perSecond: number; cpu?: number }): string[] => {
    const one = find(prefix, 'one by one');
    const recorded = `${n0(was.perSecond)} events/s${was.cpu === undefined ? '' : `, ${was.cpu} µs CPU/event`}`;
    if (!one) return [label, `not slower than before (${recorded})`, 'not run', '-'];
    const cpu = one.cpuPerItem === undefined ? '' : `, ${one.cpuPerItem.toFixed(0)} µs CPU/event`;
    return [
      label,
      `not slower than before (${recorded}, recorded in issue 20)`,
      `${n0(one.perSecond)} events/s${cpu} (×${(one.perSecond / was.perSecond).toFixed(2)})`,
      verdict(one.perSecond >= was.perSecond),
    ];
  };
  const instances = inputs.instances;
  const two = instances?.find((r) => r.instances === 2);
  const memory = inputs.memory;
  const history = inputs.history;
  return markdownTable(
    ['target (issue 20)', 'required', 'measured in this run', 'verdict'],
    [
      target('memory store, batches, with incentives', 'memory', 60_000),
      target('SQLite, dispatchBatch', 'SQLite', 20_000),
      target('PostgreSQL (1 instance), dispatchBatch', 'PostgreSQL', 7_000),
      [
        'PostgreSQL 1 / 2 / 4 instances (processes), dispatchBatch: % of the CPU bound',
        '≥ 80% at 2 instances',
        instances === undefined
          ? 'not run (ENGAGELOOP_PG_URL unset)'
          : instances
              .map(
                (r) =>
                  `×${r.instances}: ${n0(r.perSecond)} events/s, ${(r.ofBound * 100).toFixed(0)}% of ${n0(r.bound)}`,
              )
              .join('; '),
        two === undefined ? '-' : verdict(two.ofBound >= 0.8),
      ],
      [
        `memory store: bytes per user at ${memory === undefined ? '1M' : n0(memory.users)} users, replay records past the window trimmed`,
        '≤ 1,024 (print with and without)',
        memory === undefined
          ? 'not run'
          : `${n0(memory.compactedBytesPerUser)} trimmed; ${n0(memory.bytesPerUser)} in full`,
        memory === undefined
          ? '-'
          : verdict(memory.compactedBytesPerUser <= 1024 && memory.users >= 1_000_000),
      ],
      [
        `history (SQLite, 100k events, 800 users): CPU of the last ${n0(history?.slice ?? 10_000)} ÷ the first`,
        '≤ ×1.10',
        history === undefined ? 'not run' : `×${history.lastOverFirst.toFixed(2)}`,
        history === undefined ? '-' : verdict(history.lastOverFirst <= 1.1),
      ],
      [
        'history: average user document at the end',
        '≤ 4 KB',
        history === undefined ? 'not run' : `${(history.averageDoc / 1024).toFixed(2)} KB`,
        history === undefined ? '-' : verdict(history.averageDoc <= 4096),
      ],
      before('one-by-one dispatch: memory, with incentives', 'memory', BEFORE.memory),
      before('one-by-one dispatch: SQLite', 'SQLite', BEFORE.sqlite),
      before('one-by-one dispatch: PostgreSQL (1 instance)', 'PostgreSQL', BEFORE.postgres),
    ],
  );
}

/** The batch rows: one table per store, and notes. */
export async function batchRows(): Promise<{
  tables: string[];
  notes: string[];
  rows: Measurement[];
  /** PostgreSQL 1/2/4 instances with dispatchBatch (./stores-instances.ts); absent without ENGAGELOOP_PG_URL. */
  instances?: InstanceScalingRow[];
}> {
  const tables: string[] = [];
  const notes: string[] = [];
  const all: Measurement[] = [];
  let instances: InstanceScalingRow[] | undefined;
  const memory = await memoryPair();
  tables.push(pairTable(memory));
  all.push(...memory);
  if (HISTORY > 0) tables.push(await memoryHistory(memory[1] as Measurement));

  const dir = mkdtempSync(join(tmpdir(), 'engageloop-bench-batch-'));
  try {
    let n = 0;
    const sqlite = await storePair(
      'SQLite (file, WAL)',
      async () => createSqliteStore({ filename: join(dir, `batch-${++n}.db`) }),
      TASKS,
      [undefined, SIZE],
    );
    tables.push(pairTable(sqlite));
    all.push(...sqlite);
    const cross = await storePair(
      'bench policy (41 rules) on SQLite',
      async () => createSqliteStore({ filename: join(dir, `batch-${++n}.db`) }),
      BENCH,
      [SIZE],
    );
    tables.push(
      `a second workload on SQLite — the memory row's policy and stream shape (${STORE_EVENTS} events over ${storeUsers()} users)\n\n${crossTable(cross)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (PG_URL === undefined || PG_URL === '') {
    notes.push('PostgreSQL batch rows skipped: set ENGAGELOOP_PG_URL.');
  } else {
    const names: string[] = [];
    try {
      const postgres = await storePair(
        'PostgreSQL (1 instance)',
        async () => {
          const name = `engageloop_bench_batch_${names.length}`;
          names.push(name);
          return pgSchema(name);
        },
        TASKS,
        [undefined, SIZE],
      );
      tables.push(pairTable(postgres));
      all.push(...postgres);
      notes.push(
        'PostgreSQL: CPU µs/event is this Node process only (one pool of 2 connections); the server works on its own cores.',
      );
    } finally {
      for (const name of names) await dropSchema(name);
    }
    const scaling = await instanceScaling(PG_URL);
    tables.push(`PostgreSQL, 1 / 2 / 4 instances with dispatchBatch\n\n${scaling.lines.join('\n')}`);
    instances = scaling.rows;
  }
  tables.push(`batch size — dispatchBatch at sizes 1 to 2,000\n\n${(await batchSizeLines()).join('\n')}`);
  notes.push(
    `Every row is timed on a fresh store after a warm-up of its dispatch path on other users (memory: warmMemoryEngine; SQLite and PostgreSQL: rounds of a stream of the measured one's shape, ${STORE_EVENTS} events over ${storeUsers()} users, each on a fresh store, until one costs within 10% of the CPU per event of the one before — the last column shows them, the first is a cold start); SQLite and PostgreSQL rows are the median of ${STORE_ROUNDS} rounds, each on a fresh store. p50/p99 are per dispatch call: one event one by one, one batch of ${SIZE} in batches. Targets (issue 20): memory ≥ 60,000 events/s, SQLite ≥ 20,000, PostgreSQL (1 instance) ≥ 7,000.`,
  );
  return { tables, notes, rows: all, ...(instances === undefined ? {} : { instances }) };
}
