/**
 * Memory rows of `npm run bench`: the heap taken by the state of N users in the memory store (user document,
 * recorded outcome, one outbox message each) after one task event per user through an engine with the
 * incentives plugin and the stores workload policy (the same as `stateSize` in ./stores.ts); then the same
 * heap once the recorded outcomes are compacted (`store.compactRecords`, what `tick` does to records past the
 * retention window: key, user, fingerprint and time kept), measured in the same child.
 * Options: BENCH_MEMORY_USERS (default 1,000,000). The figure is measured, never extrapolated: the run happens
 * in a child process (this file) with a heap large enough for N users and a real GC before each reading.
 * The users are created with `dispatchBatch`, 500 events per batch. 1M users take a minute or more (the dispatch
 * of 1M events, plus full collections over a GiB-sized heap): set BENCH_MEMORY_USERS=100000 for a quick figure.
 */
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createEngine, createManualClock, createMemoryStore, loadPolicy } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { storesPolicy } from '../stores/support/scenario';
import { readFromChild } from './child-reading';

const USERS = Number(process.env.BENCH_MEMORY_USERS ?? 1_000_000);
const CHILD = 'ENGAGELOOP_BENCH_MEMORY_CHILD';
/** Events per `dispatchBatch` while the users are created. */
const BATCH = 500;

/** What the child reports. */
interface Reading {
  users: number;
  bytes: number;
  /** The heap after every recorded outcome was compacted. */
  compactedBytes: number;
  compacted: number;
  seconds: number;
}

/**
 * Heap in use after full collections (a second pass picks up what the first one's finalisers freed), plus the
 * bytes of array buffers: the memory store keeps compacted records in byte chunks outside the heap.
 */
function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('memory bench: run with --expose-gc');
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Runs in the child: one task event for each of `users` users, in batches of BATCH, then the heap delta. */
async function measureChild(users: number): Promise<Reading> {
  const plugin = incentives();
  const policy = await loadPolicy(storesPolicy, { plugins: [plugin] });
  const before = heapAfterGc();
  const store = createMemoryStore();
  const engine = createEngine({
    plugins: [plugin],
    policy,
    store,
    clock: createManualClock('2026-02-01T00:00:00Z'),
  });
  const start = performance.now();
  for (let from = 0; from < users; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, users - from) }, (_, k) => ({
      id: `m${from + k}`,
      type: 'task.done',
      userId: `user-${from + k}`,
      at: '2026-01-05T10:00:00Z',
      payload: {},
    }));
    const outcomes = await engine.dispatchBatch(batch, { batchSize: BATCH });
    if (outcomes.some((o) => o.status !== 'applied'))
      throw new Error('memory bench: an event was not applied');
  }
  const seconds = (performance.now() - start) / 1000;
  const bytes = heapAfterGc() - before;
  // Past the retention window: every record keeps its key, user, fingerprint and time only.
  const compacted = await store.compactRecords({ before: Number.POSITIVE_INFINITY });
  const compactedBytes = heapAfterGc() - before;
  // Keep the store alive until after the readings.
  if ((await store.listMessages({ userId: 'user-0' })).length !== 1)
    throw new Error('memory bench: no message');
  await engine.close();
  return { users, bytes, compactedBytes, compacted, seconds };
}

/** A heap limit comfortably above what `users` users need (16 KiB each), within the machine's memory. */
function heapLimitMb(users: number): number {
  const wanted = 1024 + Math.ceil((users * 16 * 1024) / 1024 ** 2);
  return Math.min(wanted, Math.floor((totalmem() / 1024 ** 2) * 0.75));
}

/** Forks this file with a large heap and `--expose-gc`, and returns its reading. */
function readInChild(users: number): Promise<Reading> {
  return readFromChild<Reading>(
    fileURLToPath(import.meta.url),
    [...process.execArgv, `--max-old-space-size=${heapLimitMb(users)}`, '--expose-gc'],
    { ...process.env, [CHILD]: String(users) },
    'memory bench',
  );
}

/**
 * Table lines (users, bytes/user, total MiB, how the figure was obtained, the time it took), with the recorded
 * outcomes in full and compacted, and the bytes per user of each.
 */
export async function memoryRows(
  users = USERS,
): Promise<{ lines: string[]; users: number; bytesPerUser: number; compactedBytesPerUser: number }> {
  const { bytes, compactedBytes, compacted, seconds } = await readInChild(users);
  const per = bytes / users;
  const compactedPer = compactedBytes / users;
  const lines = [
    '| store | users | bytes/user | total | figure | dispatch time (dispatchBatch, 500 per batch) |',
    '|---|---|---|---|---|---|',
    `| memory (heap + array buffers delta after GC) | ${users} | ${per.toFixed(0)} | ${(bytes / 1024 ** 2).toFixed(0)} MiB | measured | ${seconds.toFixed(1)} s (${(users / seconds).toFixed(0)} events/s) |`,
    `| memory, recorded outcomes compacted (past the retention window) | ${users} | ${compactedPer.toFixed(0)} | ${(compactedBytes / 1024 ** 2).toFixed(0)} MiB | measured, same run (${compacted} compacted) | - |`,
  ];
  return { lines, users, bytesPerUser: per, compactedBytesPerUser: compactedPer };
}

const childUsers = process.env[CHILD];
if (childUsers !== undefined && process.send !== undefined) {
  const send = process.send.bind(process);
  measureChild(Number(childUsers)).then(
    (reading) => send(reading, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
