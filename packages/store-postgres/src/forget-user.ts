import {
  forgottenUserId,
  pseudonymiseDedupeKey,
  pseudonymiseJson,
  pseudonymiseKey,
  userKey,
} from '@engageloop/core';
import type { PoolClient } from 'pg';

/**
 * Privacy erasure inside the caller's transaction (which holds the user's lock): deletes the user's state
 * document, timers and unsent messages; anonymises what is kept for aggregates and idempotency: delivered,
 * dead and cancelled messages (user id, bodies, dedupe keys) and recorded outcomes (user id and every mention
 * inside the outcome; event ids are kept, so replays stay duplicates).
 */
export async function forgetUserIn(client: PoolClient, s: string, userId: string): Promise<void> {
  const alias = forgottenUserId(userId);
  await client.query(`DELETE FROM ${s}.docs WHERE key = $1`, [userKey(userId)]);
  await client.query(`DELETE FROM ${s}.timers WHERE user_id = $1`, [userId]);
  await client.query(`DELETE FROM ${s}.outbox WHERE user_id = $1 AND status = 'pending'`, [userId]);
  const kept = await client.query<{ id: string; dedupe_key: string }>(
    `SELECT id, dedupe_key FROM ${s}.outbox WHERE user_id = $1 ORDER BY id`,
    [userId],
  );
  const candidates = kept.rows.map((row) => pseudonymiseKey(row.dedupe_key, userId));
  const clashes = await client.query<{ dedupe_key: string }>(
    `SELECT dedupe_key FROM ${s}.outbox WHERE dedupe_key = ANY($1::text[])`,
    [candidates],
  );
  // Keys already kept (the user was forgotten before and came back) and keys rewritten in this loop.
  const taken = new Set(clashes.rows.map((row) => row.dedupe_key));
  for (const row of kept.rows) {
    const dedupeKey = pseudonymiseDedupeKey(row.dedupe_key, row.id, userId, (key) => taken.has(key));
    taken.add(dedupeKey);
    await client.query(
      `UPDATE ${s}.outbox SET user_id = $2, dedupe_key = $3, body = '', subject = NULL, data = '{}'
        WHERE id = $1`,
      [row.id, alias, dedupeKey],
    );
  }
  const outcomes = await client.query<{ event_id: string; outcome: string }>(
    `SELECT event_id, outcome FROM ${s}.outcomes WHERE user_id = $1`,
    [userId],
  );
  for (const row of outcomes.rows) {
    const outcome = JSON.stringify(pseudonymiseJson(JSON.parse(row.outcome), userId));
    await client.query(`UPDATE ${s}.outcomes SET user_id = $2, outcome = $3 WHERE event_id = $1`, [
      row.event_id,
      alias,
      outcome,
    ]);
  }
}
