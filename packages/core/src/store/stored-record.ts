import { EngageLoopError } from '../errors/error';
import { COMPACTED, CompactRecord } from './compact-record';
import { decodeOutcome, type EffectHeads, encodeOutcome } from './memory-effect-heads';
import { packableFingerprint } from './packed-format';
import type { RecordedOutcome } from './types';

/**
 * Many records' texts, end to end: one string, compared by the identity of this holder. It remembers its
 * records and how many of them still read their text from it, so compaction can let it go.
 */
export class Segment {
  /** Records whose text it holds and that are not compacted. */
  live: number;
  constructor(
    readonly text: string,
    readonly records: readonly StoredRecord[],
  ) {
    this.live = records.length;
  }
}

/**
 * A recorded outcome as the memory store keeps it: the outcome as JSON text. Records are kept for every event
 * but read only on a replay, so compact text (about half the heap of the object graph, with nothing shared
 * with the caller) wins over live objects; a read parses a fresh copy, as the SQL stores do.
 *
 * The text lives on its own until its record is applied, then in a segment: one string that holds the texts
 * of many records, end to end (`segment.text.slice(start, end)` is this record's text). A compacted record's
 * text is `COMPACTED`, in no segment.
 */
export class StoredRecord {
  /** Its key in `MemoryRecords` (set when it is kept there), so compaction can replace it by a `CompactRecord`. */
  key = '';
  /** The outcome's JSON text while the record is not in a segment (`undefined`: no outcome). */
  text: string | undefined;
  segment: Segment | undefined = undefined;
  start = 0;
  end = 0;

  constructor(
    readonly userId: string,
    text: string | undefined,
    readonly committedAt: number,
    readonly fingerprint: string | undefined,
  ) {
    this.text = text;
  }

  /** The outcome's JSON text, wherever it is kept. */
  outcomeText(): string | undefined {
    const { segment } = this;
    return segment === undefined ? this.text : segment.text.slice(this.start, this.end);
  }

  /** Whether its outcome still has text to free (see `MemoryRecords.compact`). */
  get compactable(): boolean {
    return this.segment !== undefined || (this.text !== undefined && this.text !== COMPACTED);
  }
}

/** What `MemoryRecords.get` hands out: a record as kept, in full or compacted. */
export type HeldRecord = StoredRecord | CompactRecord;

/** A record kept without its outcome (`null`, past the retention window): compact, when its fingerprint packs. */
export const compactOf = (record: RecordedOutcome): CompactRecord | undefined =>
  record.outcome === null && packableFingerprint(record.fingerprint)
    ? new CompactRecord(record.userId, record.fingerprint, record.committedAt)
    : undefined;

/** The error of a commit whose outcome recorded under `key` could not be encoded (`cause`): not JSON data. */
export const notJsonOutcome = (key: string, cause: unknown): EngageLoopError =>
  new EngageLoopError('STORE_CONTRACT_VIOLATION', {
    message: `Store contract violation: the outcome recorded under "${key}" is not JSON data.`,
    data: { key },
    cause,
  });

/**
 * Serialises a record's outcome, its effects' heads named by number in `heads` (`encodeOutcome`); a
 * value JSON cannot hold (a cycle, a BigInt) is a contract violation. A record
 * written compacted (`outcome: null`, with a 32-digit fingerprint or none: `retention: { outcomes: 0 }`) is a
 * `CompactRecord` at once, kept packed: it reads back the same, and never held a `StoredRecord`, a fingerprint
 * string and a boxed time first (88 + 48 + 16 bytes, per event, until a compaction that then found nothing to do).
 */
export function storeRecord(record: RecordedOutcome, heads: EffectHeads): HeldRecord {
  const compact = compactOf(record);
  if (compact !== undefined) return compact;
  let text: string | undefined;
  try {
    text = encodeOutcome(record.outcome, heads, record.key, record.userId);
  } catch (cause) {
    throw notJsonOutcome(record.key, cause);
  }
  return new StoredRecord(record.userId, text, record.committedAt, record.fingerprint);
}

/**
 * The record as callers see it: a fresh copy every time. `heads`: those its outcome was stored with (`storeRecord`).
 */
export const readRecord = (key: string, stored: HeldRecord, heads: EffectHeads): RecordedOutcome => {
  const text = stored.outcomeText();
  const record: RecordedOutcome = {
    key,
    userId: stored.userId,
    outcome: text === undefined ? undefined : decodeOutcome(text, heads, key, stored.userId),
    committedAt: stored.committedAt,
  };
  const { fingerprint } = stored;
  if (fingerprint !== undefined) record.fingerprint = fingerprint;
  return record;
};
