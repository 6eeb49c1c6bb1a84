/**
 * The counted run of `count-memory.ts` (which starts it under callgrind): `<checkout> <part> <skip> <events>
 * [workload]`. The workload's engine from the checkout's built packages, its first `skip` events unmeasured, then
 * `events` events between `os.uptime()` and `os.getPriority()`, the calls callgrind zeroes and dumps its counts at.
 * Prints the measured events' outcome statuses as JSON.
 *
 * Workload `bench` (the default): the memory batch row, the bench policy's part `part` over 5,000 users.
 * Workload `stores`: the SQLite row's workload on the memory store, `storesPolicy` (an award and an ack per
 * task, tiers, every ledger entry kept) over `taskEvents(events, 500)`, after `skip` events of the same stream
 * shape on 500 other users (`w`-prefixed ids), so the path is compiled and ledgers as long as the measured ones.
 * Workload `stores-sqlite`: the same on a SQLite store on a fresh file (the SQLite row itself).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { getPriority, tmpdir, uptime } from 'node:os';
import { join } from 'node:path';
import type { Engine, LoopEvent } from '@engageloop/core';
import { storesPolicy, taskEvents } from '../stores/support/scenario';
import { builtMemoryEngine, builtModule, builtPackages } from './bench-report';
import { benchEvents } from './policy-40';

const SIZE = 500;
const USERS = 5_000;
const STORES_USERS = 500;

const [checkout = '', part = 'all', skip = '20000', count = '20000', workload = 'bench'] =
  process.argv.slice(2);
const packages = await builtPackages(checkout);

/** The workload's engine, its unmeasured events and its measured events. */
async function workloadOf(): Promise<[Engine, LoopEvent[], LoopEvent[]]> {
  if (workload === 'bench') {
    const events = benchEvents(Number(skip) + Number(count), USERS);
    return [builtMemoryEngine(packages, part), events.slice(0, Number(skip)), events.slice(Number(skip))];
  }
  if (workload !== 'stores' && workload !== 'stores-sqlite')
    throw new Error('BENCH_COUNT_WORKLOAD is bench, stores or stores-sqlite');
  const { core, incentives } = packages;
  const plugin = incentives.incentives();
  const policy = await core.loadPolicy(storesPolicy, { plugins: [plugin] });
  const engine = core.createEngine({
    plugins: [plugin],
    policy,
    store: workload === 'stores' ? core.createMemoryStore() : await sqliteStore(),
    clock: core.createManualClock('2026-02-01T00:00:00Z'),
  });
  // Made by `taskEvents` itself (prefixed ids and users), so both streams have one map: the measured section
  // deoptimises no code the unmeasured one compiled for another map.
  const warm = taskEvents(Number(skip), STORES_USERS, 7, { ids: 'w', users: 'w' });
  return [engine, warm, taskEvents(Number(count), STORES_USERS)];
}

/** The folder of the SQLite store's file (`sqliteStore`), removed once the run is over. */
let sqliteDir: string | undefined;

/** A SQLite store of the checkout on a fresh file (the SQLite row's store: WAL, the default options). */
async function sqliteStore() {
  const sqlite = (await builtModule(
    checkout,
    'packages/store-sqlite',
  )) as typeof import('@engageloop/store-sqlite');
  sqliteDir = mkdtempSync(join(tmpdir(), 'engageloop-count-'));
  return sqlite.createSqliteStore({ filename: join(sqliteDir, 'count.db') });
}

const [engine, unmeasured, measuredEvents] = await workloadOf();
const batches = (events: readonly LoopEvent[]) => {
  const out = [];
  for (let i = 0; i < events.length; i += SIZE) out.push(events.slice(i, i + SIZE));
  return out;
};
const statuses: Record<string, number> = {};
const run = async (list: ReturnType<typeof batches>, tally: boolean) => {
  for (const batch of list)
    for (const o of await engine.dispatchBatch(batch, { batchSize: SIZE }))
      if (tally) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
};
await run(batches(unmeasured), false);
const measured = batches(measuredEvents);
uptime();
await run(measured, true);
getPriority();
await engine.close();
if (sqliteDir !== undefined) rmSync(sqliteDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ statuses })}\n`);
