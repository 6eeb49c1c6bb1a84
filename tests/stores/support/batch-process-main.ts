/**
 * One app instance of the batch proofs, as a child process: its own store (SQLite file or PostgreSQL schema) and
 * engine. Told its input over IPC, it says `ready`, then on `go` runs `engine.dispatchBatch` over its events and
 * reports `progress` after each batch (the outcomes so far: a batch's outcomes come after its commit), then `done`
 * with the counts. The parent may SIGKILL it at any moment: nothing here cleans up.
 */
import type { Outcome } from '@engageloop/core';
import { createPostgresStore } from '@engageloop/store-postgres';
import { createSqliteStore } from '@engageloop/store-sqlite';
import type { BatchProcessInput, BatchProcessReply } from './batch-processes';
import { proofEngine } from './proof-workload';

const send = (reply: BatchProcessReply): void => {
  process.send?.(reply);
};

async function main(input: BatchProcessInput): Promise<void> {
  const store =
    input.store.kind === 'postgres'
      ? createPostgresStore({
          connectionString: input.store.url,
          schema: input.store.schema,
          maxConnections: 2,
          applicationName: input.name,
        })
      : createSqliteStore({ filename: input.store.filename });
  const engine = await proofEngine(store);
  let granted = 0;
  engine.on('reward:granted', () => {
    granted += 1;
  });
  const counts: Record<Outcome['status'], number> = { applied: 0, duplicate: 0, failed: 0 };
  const failures: string[] = [];
  process.on('message', (command: { cmd: 'go' } | { cmd: 'close' }) => {
    if (command.cmd === 'close') {
      engine.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
      return;
    }
    const size = input.batchSize;
    engine
      .dispatchBatch(input.events, {
        batchSize: size,
        onOutcome: (outcome, index) => {
          counts[outcome.status] += 1;
          if (outcome.status === 'failed' && failures.length < 5)
            failures.push(`${outcome.eventId}: ${outcome.error?.code} ${outcome.error?.message}`);
          if ((index + 1) % size === 0) send({ type: 'progress', done: index + 1, ...counts });
        },
      })
      .then(
        () => send({ type: 'done', done: input.events.length, ...counts, granted, failures }),
        (error: unknown) =>
          send({
            type: 'error',
            message: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  send({ type: 'ready' });
}

process.once('message', (input: BatchProcessInput) => {
  main(input).catch((error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
