import type { ClaimedMessage, OutboxEntry, OutboxMessage, OutboxStatus, TimerRecord } from '@engageloop/core';

/** An `outbox` row as the database returns it. */
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
  created_at: number;
  not_before: number;
  transactional: number;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
  lease: string | null;
  lease_until: number | null;
}

/** A `timers` row as the database returns it. */
export interface TimerRow {
  id: string;
  user_id: string;
  type: string;
  due_at: number;
  payload: string;
  plugin: string;
  event_id: string;
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
  createdAt: row.created_at,
  notBefore: row.not_before,
  transactional: row.transactional === 1,
  status: row.status as OutboxStatus,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  sentAt: row.sent_at,
});

export const toClaimedMessage = (row: OutboxRow): ClaimedMessage => ({
  ...toOutboxEntry(row),
  lease: row.lease ?? '',
});

export const toTimerRecord = (row: TimerRow): TimerRecord => ({
  id: row.id,
  userId: row.user_id,
  type: row.type,
  dueAt: row.due_at,
  payload: parseObject(row.payload),
  plugin: row.plugin,
  eventId: row.event_id,
});

/** Named parameters for inserting a new (pending) outbox message. */
export const messageParams = (m: OutboxMessage): Record<string, unknown> => ({
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

/** Named parameters for scheduling (or re-arming) a timer. */
export const timerParams = (t: TimerRecord): Record<string, unknown> => ({
  id: t.id,
  user_id: t.userId,
  type: t.type,
  due_at: t.dueAt,
  payload: JSON.stringify(t.payload ?? {}),
  plugin: t.plugin,
  event_id: t.eventId,
});
