/**
 * The SQLite store's commits alone, without the engine: the SQLite dispatchBatch row of issue 20 less everything
 * the memory store's row also pays. `cd tests && npx tsx bench/sqlite-commits-main.ts` (built packages).
 * The stores' workload (`taskEvents(n, n / 20)`, batches of BENCH_BATCH_SIZE, default 500) is dispatched once on
 * a memory store whose units of work are recorded (the keys each locks, the write it commits); each round then
 * replays them on a fresh SQLite file as the engine does (its records read, its documents loaded, its write
 * committed) and prints the CPU µs per event of the replay (user + system, this process's). The rounds' spread
 * is far narrower than that of the engine's rows on a loaded machine: the first rounds warm the JIT up, the
 * median of the others is the figure. Written values are the engine's own, frozen by the memory store, so the
 * document cache freezes nothing new (the engine hands it unfrozen new parts: a µs or so per event more).
 * BENCH_BATCH_STORE_EVENTS (default 10000), BENCH_ROUNDS (default 9), BENCH_WARM_ROUNDS (default 4).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CommitWrite,
  createMemoryStore,
  recordsOf,
  type Store,
  type StoreTransaction,
  type SyncStoreTransaction,
} from '@engageloop/core';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { storesEngine, taskEvents } from '../stores/support/scenario';
import { rerunOnDist } from './dist-rerun';

rerunOnDist();

const EVENTS = Number(process.env.BENCH_BATCH_STORE_EVENTS ?? 10_000);
const SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 500);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 9));
const WARM = Math.min(ROUNDS - 1, Math.max(0, Number(process.env.BENCH_WARM_ROUNDS ?? 4)));

/** One recorded unit of work: what it locked and what it committed. */
interface Unit {
  keys: readonly string[];
  write: CommitWrite;
}

/** A memory store that records the write of each unit of work (the engine commits through the synchronous face). */
function recording(units: Unit[]): Store {
  const inner = createMemoryStore();
  return {
    ...inner,
    transact: (keys, work) =>
      inner.transact(keys, (tx) => {
        const sync = tx.sync as SyncStoreTransaction;
        const face: StoreTransaction = {
          recorded: (key) => tx.recorded(key),
          recordedMany: (wanted) => tx.recordedMany(wanted),
          load: (wanted) => tx.load(wanted),
          counters: (wanted) => tx.counters(wanted),
          existingMessages: (dedupeKeys) => tx.existingMessages(dedupeKeys),
          commit: (write, options) => tx.commit(write, options),
          sync: {
            recorded: (key) => sync.recorded(key),
            recordedMany: (wanted) => sync.recordedMany(wanted),
            load: (wanted) => sync.load(wanted),
            counters: (wanted) => sync.counters(wanted),
            commit(write, options) {
              units.push({ keys: [...keys], write });
              return sync.commit(write, options);
            },
          },
        };
        return work(face);
      }),
  };
}

/** Replays `units` on a fresh SQLite file in `dir`: CPU µs per event of the store calls. */
async function replay(units: readonly Unit[], file: string): Promise<number> {
  const store = createSqliteStore({ filename: file });
  let micros = 0;
  for (const { keys, write } of units) {
    const start = process.cpuUsage();
    await store.transact(keys, (tx) => {
      const sync = tx.sync as NonNullable<typeof tx.sync>;
      sync.recordedMany(recordsOf(write).map((r) => r.key));
      sync.load(write.docs.map((d) => d.key));
      return sync.commit(write);
    });
    const used = process.cpuUsage(start);
    micros += used.user + used.system;
  }
  await store.close();
  return micros / EVENTS;
}

const units: Unit[] = [];
const engine = await storesEngine(recording(units));
const events = taskEvents(EVENTS, Math.max(1, Math.floor(EVENTS / 20)));
for (let i = 0; i < events.length; i += SIZE) {
  const outcomes = await engine.dispatchBatch(events.slice(i, i + SIZE), { batchSize: SIZE });
  if (outcomes.some((o) => o.status !== 'applied'))
    throw new Error('The bench workload must apply every event.');
}
await engine.close();

const dir = mkdtempSync(join(tmpdir(), 'engageloop-sqlite-commits-'));
const rounds: number[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) rounds.push(await replay(units, join(dir, `r${round}.db`)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const measured = rounds.slice(WARM).sort((a, b) => a - b);
const median = measured[Math.floor((measured.length - 1) / 2)] as number;
process.stdout.write(
  `SQLite store commits alone (${units.length} units of work, ${EVENTS} events): ${median.toFixed(1)} CPU µs/event ` +
    `(median of rounds ${WARM + 1}–${ROUNDS}; each round: ${rounds.map((r) => r.toFixed(1)).join(' / ')})\n`,
);
