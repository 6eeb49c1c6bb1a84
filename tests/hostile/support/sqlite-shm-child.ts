/**
 * Runs in a child process (a SIGBUS would kill it, not vitest). argv: `<filename> <store|raw>`.
 * Writes through a SQLite database, then makes its `-shm` file hostile: truncated to 0 bytes when it exists
 * (the mapping of the WAL index then points past the end of the file), else created empty and read-only.
 * Then writes again, closes, reopens and counts. Prints one JSON line: what it saw.
 * `store` goes through `createSqliteStore`; `raw` opens the file with better-sqlite3's defaults (WAL with a
 * shared-memory index), the control that shows the hazard is real.
 */
import { chmodSync, existsSync, truncateSync, writeFileSync } from 'node:fs';
import { createSqliteStore } from '@engageloop/store-sqlite';
import Database from 'better-sqlite3';

const [filename, mode] = process.argv.slice(3) as [string, 'store' | 'raw'];
const shm = `${filename}-shm`;

function makeShmHostile(): boolean {
  const existed = existsSync(shm);
  if (existed) truncateSync(shm, 0);
  else writeFileSync(shm, '');
  chmodSync(shm, 0o444);
  return existed;
}

const write = (n: number) => ({
  docs: [{ key: `doc:${n}`, value: { n } }],
  counters: [],
  messages: [],
  cancelMessages: [],
  timers: { schedule: [], cancel: [], complete: [] },
});

async function viaStore(): Promise<Record<string, unknown>> {
  const store = createSqliteStore({ filename });
  for (let n = 0; n < 5; n++) await store.transact([`doc:${n}`], (tx) => tx.commit(write(n)));
  const shmExisted = makeShmHostile();
  for (let n = 5; n < 10; n++) await store.transact([`doc:${n}`], (tx) => tx.commit(write(n)));
  await store.close();
  const again = createSqliteStore({ filename });
  const keys: string[] = [];
  for await (const doc of again.listDocuments('doc:')) keys.push(doc.key);
  await again.close();
  return { shmExisted, documents: keys.length };
}

function viaRaw(): Record<string, unknown> {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS t (n INTEGER)');
  db.prepare('INSERT INTO t VALUES (1)').run();
  const shmExisted = makeShmHostile();
  db.prepare('INSERT INTO t VALUES (2)').run();
  const { n } = db.prepare('SELECT count(*) AS n FROM t').get() as { n: number };
  db.close();
  return { shmExisted, documents: n };
}

const result = mode === 'store' ? await viaStore() : viaRaw();
process.stdout.write(`${JSON.stringify(result)}\n`);
