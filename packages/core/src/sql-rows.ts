// Row ↔ entry mapping shared by the SQL stores (SQLite, PostgreSQL), exported from `@engageloop/core/internal`.

import type { ClaimedMessage, OutboxEntry, OutboxMessage, OutboxStatus } from './store/outbox-types';
import type { TimerRecord } from './store/types';

/** An integer column: SQLite returns numbers, `pg` returns `bigint` as strings (epoch ms fit a JS number). */
type Int = number | string;

/** An `outbox` row as the database returns it (`transactional`: SQLite 0/1, PostgreSQL boolean). */
export interface OutboxRow {
  id: string;
  dedupe_key: string;
  user_id: string;
  kind: string;
  topic: string;
  channel: string | null;
  locale: string | null;
  subject: string | null;
  body: string;
  data: string;
  event_id: string;
  rule_id: string | null;
  plugin: string;
  created_at: Int;
  not_before: Int;
  transactional: boolean | number;
  status: string;
  attempts: number;
  next_attempt_at: Int;
  last_error: string | null;
  sent_at: Int | null;
  lease: string | null;
  lease_until: Int | null;
}

/** A `timers` row as the database returns it. */
export interface TimerRow {
  id: string;
  user_id: string;
  type: string;
  due_at: Int;
  payload: string;
  plugin: string;
  event_id: string;
  /** Absent in rows of a schema before timer attempts. */
  attempts?: number | null;
}

const parseObject = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

export const toOutboxEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  dedupeKey: row.dedupe_key,
  userId: row.user_id,
  kind: row.kind,
  topic: row.topic,
  channel: row.channel,
  locale: row.locale,
  subject: row.subject,
  body: row.body,
  data: parseObject(row.data),
  eventId: row.event_id,
  ruleId: row.rule_id,
  plugin: row.plugin,
  createdAt: Number(row.created_at),
  notBefore: Number(row.not_before),
  transactional: row.transactional === true || row.transactional === 1,
  status: row.status as OutboxStatus,
  attempts: row.attempts,
  nextAttemptAt: Number(row.next_attempt_at),
  lastError: row.last_error,
  sentAt: row.sent_at === null ? null : Number(row.sent_at),
});

export const toClaimedMessage = (row: OutboxRow): ClaimedMessage => ({
  ...toOutboxEntry(row),
  lease: row.lease ?? '',
});

/**
 * A timer row's `payload` column holds the payload's JSON; a timer for an entity, a queued derived event or a timer
 * with a generation holds `QUEUED_MARK` followed by the JSON of `{ payload, entity?, derived?, generation? }`
 * instead. The mark is a character no JSON
 * text starts with, so the two forms never mix, rows written before either existed read as they were, and no
 * schema change was needed on any SQL store.
 */
export const QUEUED_MARK = '\u0001';

export const toTimerRecord = (row: TimerRow): TimerRecord => {
  const text = row.payload;
  let payload: Record<string, unknown>;
  let entity: string | undefined;
  let derived: TimerRecord['derived'];
  let generation: string | undefined;
  if (typeof text === 'string' && text.startsWith(QUEUED_MARK)) {
    const wrapped = parseObject(text.slice(QUEUED_MARK.length)) as {
      payload?: Record<string, unknown>;
      entity?: string;
      derived?: TimerRecord['derived'];
      generation?: string;
    };
    payload = wrapped.payload ?? {};
    entity = wrapped.entity;
    derived = wrapped.derived;
    generation = wrapped.generation;
  } else payload = parseObject(text);
  const timer: TimerRecord = {
    id: row.id,
    userId: row.user_id,
    type: row.type,
    dueAt: Number(row.due_at),
    payload,
    plugin: row.plugin,
    eventId: row.event_id,
  };
  if (entity !== undefined) timer.entity = entity;
  if (derived !== undefined) timer.derived = derived;
  if (generation !== undefined) timer.generation = generation;
  if (row.attempts) timer.attempts = Number(row.attempts);
  return timer;
};

/** The `payload` column of a timer (see `QUEUED_MARK`). */
export const timerPayloadColumn = (t: TimerRecord): string =>
  t.entity === undefined && t.derived === undefined && t.generation === undefined
    ? JSON.stringify(t.payload ?? {})
    : `${QUEUED_MARK}${JSON.stringify({
        payload: t.payload ?? {},
        ...(t.entity === undefined ? {} : { entity: t.entity }),
        ...(t.derived === undefined ? {} : { derived: t.derived }),
        ...(t.generation === undefined ? {} : { generation: t.generation }),
      })}`;

/**
 * The columns of a new (pending) outbox message, by column name: SQLite's named parameters, or one element
 * of the JSON array PostgreSQL reads with `json_to_recordset` (which takes 0/1 for a boolean column).
 */
export const messageColumns = (m: OutboxMessage): Record<string, unknown> => ({
  id: m.id,
  dedupe_key: m.dedupeKey,
  user_id: m.userId,
  kind: m.kind,
  topic: m.topic,
  channel: m.channel,
  locale: m.locale,
  subject: m.subject,
  body: m.body,
  data: JSON.stringify(m.data ?? {}),
  event_id: m.eventId,
  rule_id: m.ruleId,
  plugin: m.plugin,
  created_at: m.createdAt,
  not_before: m.notBefore,
  transactional: m.transactional ? 1 : 0,
  next_attempt_at: m.notBefore,
});

/** The columns of a timer to schedule (or re-arm), by column name. */
export const timerColumns = (t: TimerRecord): Record<string, unknown> => ({
  id: t.id,
  user_id: t.userId,
  type: t.type,
  due_at: t.dueAt,
  payload: timerPayloadColumn(t),
  plugin: t.plugin,
  event_id: t.eventId,
});

/** Orders by (primary, id) in UTF-16 code unit order, like the memory store. */
export const byNumberThenId =
  <T extends { id: string }>(primary: (item: T) => number) =>
  (a: T, b: T): number =>
    primary(a) - primary(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
