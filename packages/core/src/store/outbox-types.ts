/** The outbox's message shapes: what a dispatch queues, and what delivery keeps about it. */

/** A message waiting in (or gone through) the outbox. Side effects leave the engine only this way. */
export interface OutboxMessage {
  /** Deterministic id: `<record key>#<n>` (the event id scoped to its user and source, see `recordKey`). */
  id: string;
  /** A message with a dedupe key already in the outbox (in any state) is never enqueued again. */
  dedupeKey: string;
  userId: string;
  /** What kind of message: `reply`, `care`, `notice`, `reward`, … */
  kind: string;
  /** The situation (replies) or trigger (care) that produced it. */
  topic: string;
  channel: string | null;
  locale: string | null;
  subject: string | null;
  body: string;
  data: Record<string, unknown>;
  eventId: string;
  ruleId: string | null;
  plugin: string;
  /** Epoch ms when it was queued (the dispatch's clock). */
  createdAt: number;
  /** Not to be delivered before this time (epoch ms), e.g. the end of quiet hours. */
  notBefore: number;
  /** Transactional messages (receipts, security) are exempt from care caps. */
  transactional: boolean;
}

/**
 * Where an outbox message is: `pending` (waiting for delivery or a retry), `sent` (acked), `dead` (dead-lettered
 * after its last attempt) or `cancelled` (withdrawn before delivery, e.g. by an undo).
 */
export type OutboxStatus = 'pending' | 'sent' | 'dead' | 'cancelled';

/** An outbox message with its delivery bookkeeping. */
export interface OutboxEntry extends OutboxMessage {
  status: OutboxStatus;
  attempts: number;
  /**
   * Epoch ms of the next attempt (pending), of delivery (sent), of the dead-lettering (dead) or of the commit that
   * cancelled it (cancelled: see `cancelledAt`): for a finished message, when it finished, which
   * `Store.compactOutbox` compares with `before`. A message cancelled by a write without records, or before
   * stores recorded a cancel's time, keeps the time it was next due.
   */
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
}

/** A claimed message: the lease token must be shown to ack, retry or dead-letter it. */
export interface ClaimedMessage extends OutboxEntry {
  lease: string;
}
