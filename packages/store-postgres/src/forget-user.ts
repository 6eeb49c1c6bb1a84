import {
  counterNamesUser,
  erasedOutcome,
  type ForgetOptions,
  jsonNeedle,
  pseudonymCounterKey,
  pseudonymiseAll,
  pseudonymisedDerived,
  pseudonymiseJson,
  uniqueKey,
  userKey,
} from '@engageloop/core';
import { QUEUED_MARK, type TimerRow, timerPayloadColumn, toTimerRecord } from '@engageloop/core/internal';
import type { PoolClient } from 'pg';

interface Row {
  id: string;
  event_id: string;
  dedupe_key: string;
}

/**
 * Privacy erasure, as `Store.forgetUser` describes it, inside the caller's transaction (which holds the
 * user's lock). Kept rows are renamed one by one (erasure is rare; each rename checks the new key is free).
 */
export async function forgetUserIn(
  client: PoolClient,
  s: string,
  userId: string,
  pseudonym: string,
  options: ForgetOptions,
): Promise<void> {
  /** `text` with the id pseudonymised, unique in `table.column` (keys `name`, `name~2`, … are looked up once). */
  const rename = async (text: string, table: string, column: string): Promise<string> => {
    const name = pseudonymiseAll(text, userId, pseudonym);
    if (name === text) return text;
    const { rows } = await client.query<{ key: string }>(
      `SELECT ${column} AS key FROM ${s}.${table} WHERE ${column} = $1 OR starts_with(${column}, $1 || '~')`,
      [name],
    );
    const taken = new Set(rows.map((row) => row.key));
    return uniqueKey(name, (key) => taken.has(key));
  };

  await client.query(`DELETE FROM ${s}.docs WHERE key = $1`, [userKey(userId)]);
  await client.query(`DELETE FROM ${s}.timers WHERE user_id = $1`, [userId]);
  await client.query(`DELETE FROM ${s}.outbox WHERE user_id = $1 AND status IN ('pending', 'cancelled')`, [
    userId,
  ]);
  const kept = await client.query<Row>(
    `SELECT id, event_id, dedupe_key FROM ${s}.outbox WHERE user_id = $1 ORDER BY id`,
    [userId],
  );
  for (const row of kept.rows) {
    await client.query(
      `UPDATE ${s}.outbox SET id = $2, user_id = $3, event_id = $4, dedupe_key = $5, body = '', subject = NULL,
         data = '{}', last_error = NULL WHERE id = $1`,
      [
        row.id,
        await rename(row.id, 'outbox', 'id'),
        pseudonym,
        pseudonymiseAll(row.event_id, userId, pseudonym),
        await rename(row.dedupe_key, 'outbox', 'dedupe_key'),
      ],
    );
  }
  const mine = await client.query<{ event_id: string; outcome: string }>(
    `SELECT event_id, outcome FROM ${s}.outcomes WHERE user_id = $1`,
    [userId],
  );
  for (const row of mine.rows) {
    const key = await rename(row.event_id, 'outcomes', 'event_id');
    const outcome = JSON.stringify(erasedOutcome(JSON.parse(row.outcome), userId, pseudonym));
    await client.query(
      `UPDATE ${s}.outcomes SET event_id = $2, user_id = $3, outcome = $4 WHERE event_id = $1`,
      [row.event_id, key, pseudonym, outcome],
    );
  }
  const mentions = await client.query<{ event_id: string; outcome: string }>(
    `SELECT event_id, outcome FROM ${s}.outcomes WHERE user_id <> $1 AND strpos(outcome, $2) > 0`,
    [userId, jsonNeedle(userId)],
  );
  for (const row of mentions.rows) {
    const outcome = JSON.stringify(pseudonymiseJson(JSON.parse(row.outcome), userId, pseudonym));
    await client.query(`UPDATE ${s}.outcomes SET outcome = $2 WHERE event_id = $1`, [row.event_id, outcome]);
  }
  await forgetInDerived(client, s, userId, pseudonym);
  await renameCounters(client, s, options.counters ?? [], userId, pseudonym);
  for (const prefix of options.quotes ?? []) {
    await client.query(
      `UPDATE ${s}.outbox SET body = '', subject = NULL, data = '{}', lease = NULL, lease_until = NULL,
         status = CASE status WHEN 'pending' THEN 'cancelled' ELSE status END
       WHERE starts_with(dedupe_key, $1)`,
      [prefix],
    );
  }
}

/** Pending derived events of other subjects: payload strings equal to the user id become the pseudonym. */
async function forgetInDerived(client: PoolClient, s: string, userId: string, pseudonym: string) {
  const { rows } = await client.query<TimerRow>(
    `SELECT * FROM ${s}.timers WHERE starts_with(payload, $1) AND strpos(payload, $2) > 0`,
    [QUEUED_MARK, jsonNeedle(userId)],
  );
  for (const row of rows) {
    const timer = pseudonymisedDerived(toTimerRecord(row), userId, pseudonym);
    if (timer === undefined) continue;
    await client.query(`UPDATE ${s}.timers SET payload = $2 WHERE id = $1`, [
      row.id,
      timerPayloadColumn(timer),
    ]);
  }
}

/** The counters under `prefixes` that name the user take the pseudonym (merged into an existing one). */
async function renameCounters(
  client: PoolClient,
  s: string,
  prefixes: readonly string[],
  userId: string,
  pseudonym: string,
) {
  for (const prefix of prefixes) {
    const { rows } = await client.query<{ key: string; value: number }>(
      `SELECT key, value FROM ${s}.counters WHERE starts_with(key, $1) AND right(key, char_length($2)) = $2
         ORDER BY key FOR UPDATE`,
      [prefix, userId],
    );
    for (const { key, value } of rows) {
      if (!counterNamesUser(key, prefixes, userId)) continue;
      await client.query(`DELETE FROM ${s}.counters WHERE key = $1`, [key]);
      await client.query(
        `INSERT INTO ${s}.counters (key, value) VALUES ($1, $2)
           ON CONFLICT (key) DO UPDATE SET value = ${s}.counters.value + excluded.value`,
        [pseudonymCounterKey(key, userId, pseudonym), value],
      );
    }
  }
}
