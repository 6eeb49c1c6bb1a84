import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'engageloop-sqlite-wal-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A store with a few committed documents, still in its WAL (far below the automatic checkpoint). */
async function storeWithWrites(filename: string) {
  const store = createSqliteStore({ filename });
  for (let n = 0; n < 5; n++)
    await store.transact([`user:u${n}`], (tx) =>
      tx.commit({
        docs: [{ key: `user:u${n}`, value: { n, text: 'x'.repeat(20_000) } }],
        counters: [],
        messages: [],
        cancelMessages: [],
        timers: { schedule: [], cancel: [], complete: [] },
      }),
    );
  return store;
}

describe('the compactions checkpoint the WAL (maintenance, not a dispatch, copies it into the file)', () => {
  for (const compaction of ['compactRecords', 'compactOutbox'] as const)
    it(`${compaction} copies the committed pages into the database file`, async () => {
      const filename = join(dir, 'loop.db');
      const store = await storeWithWrites(filename);
      const before = statSync(filename).size;
      expect(await store[compaction]({ before: 0 })).toBe(0);
      expect(statSync(filename).size).toBeGreaterThan(before + 5 * 16_384);
      await store.close();
      const reopened = createSqliteStore({ filename });
      expect(await reopened.getDocument('user:u4')).toMatchObject({ n: 4 });
      await reopened.close();
    });

  it('an in-memory store compacts as before (no WAL to checkpoint)', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    expect(await store.compactRecords({ before: 1 })).toBe(0);
    expect(await store.compactOutbox({ before: 1 })).toBe(0);
    await store.close();
  });
});
