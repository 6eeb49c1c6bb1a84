import { type CommitResult, type CommitWrite, EngageLoopError } from '@engageloop/core';
import type { PoolClient } from 'pg';
import type { PostgresFaults } from './faults';
import { messageRecord, timerRecord } from './rows';

/** Last write per key wins, as if the writes were applied one by one. */
const lastByKey = <T>(items: readonly T[], keyOf: (item: T) => string): T[] => {
  const map = new Map<string, T>();
  for (const item of items) {
    map.delete(keyOf(item));
    map.set(keyOf(item), item);
  }
  return [...map.values()];
};

/**
 * Writes one unit of work inside the caller's open transaction (on `client`). Runs under a savepoint:
 * on any failure (including `STORE_CONFLICT`) it rolls back to it, so nothing of this write remains.
 */
export async function writeCommit(
  client: PoolClient,
  s: string,
  w: CommitWrite,
  faults: PostgresFaults,
): Promise<CommitResult> {
  const q = (text: string, values: unknown[] = []) => client.query(text, values);
  await q('SAVEPOINT engageloop_commit');
  try {
    const result = await writeAll(q, s, w);
    if (faults.failNextCommit) {
      faults.failNextCommit = false;
      throw new Error('Injected commit failure.');
    }
    await q('RELEASE SAVEPOINT engageloop_commit');
    return result;
  } catch (error) {
    await q('ROLLBACK TO SAVEPOINT engageloop_commit');
    throw error;
  }
}

type Query = (text: string, values?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

async function writeAll(q: Query, s: string, w: CommitWrite): Promise<CommitResult> {
  const { record } = w;
  if (record !== undefined) {
    const inserted = await q(
      `INSERT INTO ${s}.outcomes (event_id, user_id, outcome, committed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [record.eventId, record.userId, JSON.stringify(record.outcome ?? null), record.committedAt],
    );
    if (inserted.rows.length === 0)
      throw new EngageLoopError('STORE_CONFLICT', { data: { eventId: record.eventId } });
  }
  const docs = lastByKey(w.docs, (d) => d.key);
  const gone = docs.filter((d) => d.value === null).map((d) => d.key);
  const kept = docs
    .filter((d) => d.value !== null)
    .map((d) => ({ key: d.key, value: JSON.stringify(d.value) }));
  if (gone.length > 0) await q(`DELETE FROM ${s}.docs WHERE key = ANY($1::text[])`, [gone]);
  if (kept.length > 0) {
    await q(
      `INSERT INTO ${s}.docs (key, value) SELECT key, value FROM json_to_recordset($1::json) AS d(key text, value text)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = ${s}.docs.version + 1`,
      [JSON.stringify(kept)],
    );
  }
  const deltas = new Map<string, number>();
  for (const { key, delta } of w.counters) deltas.set(key, (deltas.get(key) ?? 0) + delta);
  if (deltas.size > 0) {
    await q(
      `INSERT INTO ${s}.counters (key, value) SELECT * FROM unnest($1::text[], $2::float8[])
       ON CONFLICT (key) DO UPDATE SET value = ${s}.counters.value + excluded.value`,
      [[...deltas.keys()], [...deltas.values()]],
    );
  }
  if (w.cancelMessages.length > 0) {
    await q(
      `UPDATE ${s}.outbox SET status = 'cancelled', lease = NULL, lease_until = NULL
       WHERE dedupe_key = ANY($1::text[]) AND status = 'pending'`,
      [w.cancelMessages],
    );
  }
  const duplicateMessages = await insertMessages(q, s, w);
  await writeTimers(q, s, w.timers);
  return { duplicateMessages };
}

async function insertMessages(q: Query, s: string, w: CommitWrite): Promise<string[]> {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const fresh = w.messages.filter((m) => {
    if (!seen.has(m.dedupeKey)) return seen.add(m.dedupeKey);
    duplicates.push(m.dedupeKey);
    return false;
  });
  if (fresh.length === 0) return duplicates;
  const inserted = await q(
    `INSERT INTO ${s}.outbox (id, dedupe_key, user_id, kind, topic, channel, locale, subject, body, data, event_id,
       rule_id, plugin, created_at, not_before, transactional, status, attempts, next_attempt_at)
     SELECT id, dedupe_key, user_id, kind, topic, channel, locale, subject, body, data, event_id,
       rule_id, plugin, created_at, not_before, transactional, 'pending', 0, not_before
     FROM json_to_recordset($1::json) AS m(id text, dedupe_key text, user_id text, kind text, topic text,
       channel text, locale text, subject text, body text, data text, event_id text, rule_id text, plugin text,
       created_at bigint, not_before bigint, transactional boolean)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
    [JSON.stringify(fresh.map(messageRecord))],
  );
  const enqueued = new Set(inserted.rows.map((row) => row.dedupe_key as string));
  for (const m of fresh) if (!enqueued.has(m.dedupeKey)) duplicates.push(m.dedupeKey);
  const order = new Map(w.messages.map((m, i) => [m.dedupeKey, i]));
  return duplicates.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

async function writeTimers(q: Query, s: string, timers: CommitWrite['timers']): Promise<void> {
  if (timers.complete.length > 0) {
    await q(
      `DELETE FROM ${s}.timers t USING json_to_recordset($1::json) AS c(id text, due_at bigint)
       WHERE t.id = c.id AND t.due_at = c.due_at`,
      [JSON.stringify(timers.complete.map((c) => ({ id: c.id, due_at: c.dueAt })))],
    );
  }
  if (timers.cancel.length > 0)
    await q(`DELETE FROM ${s}.timers WHERE id = ANY($1::text[])`, [timers.cancel]);
  const schedule = lastByKey(timers.schedule, (t) => t.id);
  if (schedule.length === 0) return;
  await q(
    `INSERT INTO ${s}.timers (id, user_id, type, due_at, payload, plugin, event_id)
     SELECT * FROM json_to_recordset($1::json)
       AS t(id text, user_id text, type text, due_at bigint, payload text, plugin text, event_id text)
     ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, type = excluded.type, due_at = excluded.due_at,
       payload = excluded.payload, plugin = excluded.plugin, event_id = excluded.event_id,
       lease_owner = NULL, lease_until = NULL`,
    [JSON.stringify(schedule.map(timerRecord))],
  );
}
