/**
 * The batch rows (./batch.ts) measured in a process of their own, as `npm run bench` takes them: the bench's main
 * process has run json-rules-engine, the condition shapes, other policies and stores by then, and the engine's
 * shared code carries that process's type feedback (polymorphic call sites and property loads) into the rows. A host
 * runs one engine set-up per process; so does this child. Measured on this machine: the memory batch row cost 46 µs
 * of CPU per event in the main process against 24 µs in a fresh one, minutes apart (its live heap was 52 MB: not GC).
 */
import { fileURLToPath } from 'node:url';
import { batchRows } from './batch';
import { readFromChild } from './child-reading';

/** What `batchRows` returns. */
export type BatchReading = Awaited<ReturnType<typeof batchRows>>;

const CHILD = 'ENGAGELOOP_BENCH_BATCH_CHILD';

/** Forks this file, which runs `batchRows` and sends its reading back. */
export function batchRowsInChild(): Promise<BatchReading> {
  return readFromChild<BatchReading>(
    fileURLToPath(import.meta.url),
    process.execArgv,
    { ...process.env, [CHILD]: '1' },
    'batch bench',
  );
}

if (process.env[CHILD] === '1' && process.send !== undefined) {
  const reading = await batchRows();
  process.send(reading, () => process.exit(0));
}
