import { EngageLoopError } from '../errors/error';
import type { RecordedOutcome } from './types';

/**
 * A recorded outcome as the memory store keeps it: the outcome as JSON text. Records are kept for every event
 * but read only on a replay, so the compact text (about half the heap of the object graph, with nothing shared
 * with the caller) wins over live objects; a read parses a fresh copy, as the SQL stores do.
 */
export class StoredRecord {
  constructor(
    readonly userId: string,
    readonly outcome: string | undefined,
    readonly committedAt: number,
  ) {}
}

/** Serialises a record's outcome; a value JSON cannot hold (a cycle, a BigInt) is a contract violation. */
export function storeRecord(record: RecordedOutcome): StoredRecord {
  let text: string | undefined;
  try {
    text = JSON.stringify(record.outcome);
  } catch (cause) {
    throw new EngageLoopError('STORE_CONTRACT_VIOLATION', {
      message: `Store contract violation: the outcome recorded for event "${record.eventId}" is not JSON data.`,
      data: { eventId: record.eventId },
      cause,
    });
  }
  return new StoredRecord(record.userId, text, record.committedAt);
}

/** The record as callers see it: a fresh copy every time. */
export const readRecord = (eventId: string, stored: StoredRecord): RecordedOutcome => ({
  eventId,
  userId: stored.userId,
  outcome: stored.outcome === undefined ? undefined : JSON.parse(stored.outcome),
  committedAt: stored.committedAt,
});
