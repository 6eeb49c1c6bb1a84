import type { RecordedOutcome } from '@engageloop/core';
import { createCommittedDocs } from '@engageloop/core/internal';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCommitter } from './commit';
import { commitOf as write } from './migration-test-support';
import { applyMigrations } from './migrations';
import { createStatementCache } from './statements';

const record = (n: number): RecordedOutcome => ({
  key: `e${n}`,
  userId: 'u1',
  outcome: { n },
  committedAt: 2,
});

const thrown = (work: () => void): unknown => {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
};

/** A committer on a migrated in-memory database. */
function migratedCommitter() {
  const db = new Database(':memory:');
  applyMigrations(db);
  const committer = createCommitter(
    db,
    createStatementCache(db),
    { failNextCommit: false },
    createCommittedDocs(8),
  );
  return { db, committer };
}

describe('the committer', () => {
  // A record key the unit of work read as unrecorded is not looked up again at stage time: the insert of the
  // outcomes (in chunks, which tell only how many rows they inserted) is the last check.
  it('names a record key taken after it was read as unrecorded, and writes nothing of the commit', () => {
    const { db, committer } = migratedCommitter();
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const records = Array.from({ length: 300 }, (_, n) => record(n));
    const unrecorded = { epoch: committer.recordsEpoch, keys: new Set(records.map((r) => r.key)) };
    // Taken by other means than this committer's commits (its epoch does not move).
    db.prepare('INSERT INTO outcomes (event_id, user_id, outcome, committed_at) VALUES (?, ?, ?, ?)').run(
      'e270',
      'u0',
      'null',
      1,
    );
    const staged = committer.stage(
      write({ records, docs: [{ key: 'user:u1', value: { points: 1 } }] }),
      unrecorded,
    );
    expect(thrown(() => staged.apply())).toMatchObject({ code: 'STORE_CONFLICT', data: { key: 'e270' } });
    expect([count('outcomes'), count('docs')]).toEqual([1, 0]);
    // Its reservations were freed: the other records commit.
    committer.stage(write({ records: records.filter((r) => r.key !== 'e270') })).apply();
    expect(count('outcomes')).toBe(300);
    expect(
      JSON.parse(
        (db.prepare("SELECT outcome FROM outcomes WHERE event_id = 'e299'").get() as { outcome: string })
          .outcome,
      ),
    ).toEqual({ n: 299 });
    db.close();
  });

  // Large texts are bound as their UTF-8 bytes (`TextBytes`), a message's empty data as NULL: the rows are what
  // binding the strings wrote, TEXT, in any script; a text past the scratch is bound as it is.
  it('writes large texts, in any script, as the strings would be', () => {
    const { db, committer } = migratedCommitter();
    const doc = { name: 'ü✓😀 lone \ud800 "quoted"\n'.repeat(40), big: 'x'.repeat(400_000) };
    const records = [300, 3, 400_000].map((size, n) => ({
      ...record(n),
      outcome: { text: 'é'.repeat(size) },
    }));
    const message = (id: string, data: Record<string, unknown>) => ({
      id,
      dedupeKey: id,
      userId: 'u1',
      kind: 'reply',
      topic: 'thanks',
      channel: null,
      locale: 'en',
      subject: null,
      body: 'Thanks!',
      data,
      eventId: 'e1',
      ruleId: 'r1',
      plugin: 'replies',
      createdAt: 1,
      notBefore: 1,
      transactional: false,
    });
    committer
      .stage(
        write({
          records,
          docs: [
            { key: 'user:u1', value: doc },
            { key: 'user:u2', value: { small: 1 } },
          ],
          messages: [message('m1', {}), message('m2', { a: [1] }), message('m3', Object.create(null))],
        }),
      )
      .apply();
    const rows = db
      .prepare(
        "SELECT value AS text, typeof(value) AS type FROM docs WHERE key = 'user:u1' UNION ALL SELECT outcome, typeof(outcome) FROM outcomes",
      )
      .all() as Array<{ text: string; type: string }>;
    expect(rows).toEqual(
      [doc, ...records.map((r) => r.outcome)].map((value) => ({ text: JSON.stringify(value), type: 'text' })),
    );
    expect(db.prepare('SELECT data, status FROM outbox ORDER BY id').all()).toEqual([
      { data: '{}', status: 'pending' },
      { data: '{"a":[1]}', status: 'pending' },
      { data: '{}', status: 'pending' },
    ]);
    db.close();
  });
});
