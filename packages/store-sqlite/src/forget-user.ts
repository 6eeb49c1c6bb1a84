import { createHash } from 'node:crypto';
import { userKey } from '@engageloop/core';
import type { Database } from 'better-sqlite3';
import type { Prepare } from './statements';

/** The stable pseudonym kept in place of a forgotten user's id (same as every other store). */
export const forgottenUserId = (userId: string): string =>
  `forgotten:${createHash('sha256').update(userId).digest('hex').slice(0, 16)}`;

/**
 * Builds the privacy erasure: deletes the user's state document, timers and unsent messages, and
 * anonymises what is kept for aggregate figures and idempotency (delivered/dead messages, recorded outcomes).
 * One transaction: all or nothing.
 */
export function createForgetUser(db: Database, prepare: Prepare): (userId: string) => void {
  return db.transaction((userId: string) => {
    const alias = forgottenUserId(userId);
    prepare('DELETE FROM docs WHERE key = ?').run(userKey(userId));
    prepare('DELETE FROM timers WHERE user_id = ?').run(userId);
    prepare("DELETE FROM outbox WHERE user_id = ? AND status = 'pending'").run(userId);
    prepare("UPDATE outbox SET user_id = ?, body = '', subject = NULL, data = '{}' WHERE user_id = ?").run(
      alias,
      userId,
    );
    prepare('UPDATE outcomes SET user_id = ? WHERE user_id = ?').run(alias, userId);
  });
}
