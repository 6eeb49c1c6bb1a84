import { createHash } from 'node:crypto';
import { userKey } from '@engageloop/core';
import type { PoolClient } from 'pg';

/** The stable pseudonym kept in place of a forgotten user's id (same as every other store). */
export const forgottenUserId = (userId: string): string =>
  `forgotten:${createHash('sha256').update(userId).digest('hex').slice(0, 16)}`;

/**
 * Privacy erasure inside the caller's transaction (which holds the user's lock): deletes the user's state
 * document, timers and unsent messages; anonymises what is kept for aggregates and idempotency
 * (delivered, dead and cancelled messages, recorded outcomes).
 */
export async function forgetUserIn(client: PoolClient, s: string, userId: string): Promise<void> {
  const alias = forgottenUserId(userId);
  await client.query(`DELETE FROM ${s}.docs WHERE key = $1`, [userKey(userId)]);
  await client.query(`DELETE FROM ${s}.timers WHERE user_id = $1`, [userId]);
  await client.query(`DELETE FROM ${s}.outbox WHERE user_id = $1 AND status = 'pending'`, [userId]);
  await client.query(
    `UPDATE ${s}.outbox SET user_id = $2, body = '', subject = NULL, data = '{}' WHERE user_id = $1`,
    [userId, alias],
  );
  await client.query(`UPDATE ${s}.outcomes SET user_id = $2 WHERE user_id = $1`, [userId, alias]);
}
