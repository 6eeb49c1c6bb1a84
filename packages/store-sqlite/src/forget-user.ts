import { forgottenUserId, pseudonymiseDedupeKey, pseudonymiseJson, userKey } from '@engageloop/core';
import type { Database } from 'better-sqlite3';
import type { Prepare } from './statements';

/**
 * Builds the privacy erasure: deletes the user's state document, timers and unsent messages, and
 * anonymises what is kept for aggregate figures and idempotency: delivered/dead messages (user id, bodies,
 * dedupe keys) and recorded outcomes (user id and every mention inside the outcome; event ids are kept, so
 * replays stay duplicates). One transaction: all or nothing.
 */
export function createForgetUser(db: Database, prepare: Prepare): (userId: string) => void {
  return db.transaction((userId: string) => {
    const alias = forgottenUserId(userId);
    prepare('DELETE FROM docs WHERE key = ?').run(userKey(userId));
    prepare('DELETE FROM timers WHERE user_id = ?').run(userId);
    prepare("DELETE FROM outbox WHERE user_id = ? AND status = 'pending'").run(userId);
    const kept = prepare('SELECT id, dedupe_key FROM outbox WHERE user_id = ?').all(userId) as Array<{
      id: string;
      dedupe_key: string;
    }>;
    const taken = (key: string): boolean =>
      prepare('SELECT 1 FROM outbox WHERE dedupe_key = ?').get(key) !== undefined;
    for (const row of kept) {
      const dedupeKey = pseudonymiseDedupeKey(row.dedupe_key, row.id, userId, taken);
      prepare(
        "UPDATE outbox SET user_id = ?, dedupe_key = ?, body = '', subject = NULL, data = '{}' WHERE id = ?",
      ).run(alias, dedupeKey, row.id);
    }
    const outcomes = prepare('SELECT event_id, outcome FROM outcomes WHERE user_id = ?').all(
      userId,
    ) as Array<{
      event_id: string;
      outcome: string;
    }>;
    for (const row of outcomes) {
      const outcome = JSON.stringify(pseudonymiseJson(JSON.parse(row.outcome), userId));
      prepare('UPDATE outcomes SET user_id = ?, outcome = ? WHERE event_id = ?').run(
        alias,
        outcome,
        row.event_id,
      );
    }
  });
}
