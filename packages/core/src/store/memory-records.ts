import { EngageLoopError } from '../errors/error';
import { AgeHeap } from './age-heap';
import { COMPACTED, CompactRecord } from './compact-record';
import { flat } from './flat';
import { KeyFilter } from './key-filter';
import { decodeOutcome, EffectHeads, encodeOutcome } from './memory-effect-heads';
import { PackedRecords, packableFingerprint } from './packed-records';
import { uniqueKey } from './pseudonymise';
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

/**
 * Serialises a record's outcome, its effects' heads named by number in `heads` (`encodeOutcome`); a
 * value JSON cannot hold (a cycle, a BigInt) is a contract violation. A record
 * written compacted (`outcome: null`, with a 32-digit fingerprint or none: `retention: { outcomes: 0 }`) is a
 * `CompactRecord` at once, kept packed: it reads back the same, and never held a `StoredRecord`, a fingerprint
 * string and a boxed time first (88 + 48 + 16 bytes, per event, until a compaction that then found nothing to do).
 */
export function storeRecord(record: RecordedOutcome, heads: EffectHeads): HeldRecord {
  if (record.outcome === null && packableFingerprint(record.fingerprint)) {
    return new CompactRecord(record.userId, record.fingerprint, record.committedAt);
  }
  let text: string | undefined;
  try {
    text = encodeOutcome(record.outcome, heads);
  } catch (cause) {
    throw new EngageLoopError('STORE_CONTRACT_VIOLATION', {
      message: `Store contract violation: the outcome recorded under "${record.key}" is not JSON data.`,
      data: { key: record.key },
      cause,
    });
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
    outcome: text === undefined ? undefined : decodeOutcome(text, heads),
    committedAt: stored.committedAt,
  };
  const { fingerprint } = stored;
  if (fingerprint !== undefined) record.fingerprint = fingerprint;
  return record;
};

/**
 * Characters of applied texts gathered before they are joined into one segment. Above 128 KiB V8 allocates a
 * string straight in its large-object space, where the young-generation collector never copies it: a
 * record's own text then dies young (or is copied once), instead of being copied twice (to the survivor
 * space, then to the old generation) as before segments, ~1.7 KB per event on the 40-rule bench. Joining
 * takes a pause of its own (copy, fresh pages): at a million characters it falls on about one event in
 * 1,200 (0.08%), below the p99; at 160,000 characters it fell on one in 190 and raised the p99 (bench
 * steady state, same-run A/B: p99 66.5–82.7 → 63.4–75.3 µs, CPU per event unchanged).
 */
export const SEGMENT_CHARS = 1_000_000;

/**
 * Characters one commit's texts must reach for `committed` to join them at once. A batch's commit (hundreds of
 * records) then never leaves its texts for the young-generation collector: each record's text (a rope of its
 * marker and its JSON, two objects) dies young, and the joined string is one object to copy instead of a
 * thousand. It was 128 KiB (the size V8 makes in its large-object space), which the compact texts of a batch of
 * 500 (~45,000 characters on the 40-rule bench) never reached: they waited for `SEGMENT_CHARS`, through several
 * collections, and were promoted. At 32 KiB (batch-memory-main, whole process, `--trace-gc-nvp`, 3 runs each):
 * bytes surviving a scavenge 271 → 256 MB, promoted 264 → 238 MB. Joining them costs what joining them later
 * would. A commit of a few records (one-by-one dispatch) adds far less and its texts wait for `SEGMENT_CHARS` as
 * before, so no pause falls on a single event more often than it did.
 */
export const COMMIT_SEGMENT_CHARS = 32_768;

/**
 * The memory store's recorded outcomes, by key (see `RecordedOutcome.key`). Compacted records are kept packed
 * (`PackedRecords`), the others in a map. Applied records wait in a list until their texts fill a segment; the
 * segment is then made and the records point into it. Records that still have an outcome also wait in a heap
 * by commit time, oldest first, for `compact`.
 */
export class MemoryRecords {
  /** The heads its records' effects name (`storeRecord`, `readRecord`). */
  readonly heads = new EffectHeads();
  /** Records with an outcome, and compacted ones the packed table cannot hold (see `PackedRecords.set`). */
  readonly #byEvent = new Map<string, HeldRecord>();
  #packed = new PackedRecords();
  /** Changes to the records so far (see `writes`). */
  #writes = 0;
  #pending: StoredRecord[] = [];
  #pendingChars = 0;
  #byAge = new AgeHeap<StoredRecord>();
  /** Every key a record was kept under: most keys looked up (a new event's) are found absent here. */
  readonly #filter = new KeyFilter(() => this.#keys());

  /** Whether a record is kept for `eventId`. */
  has(eventId: string): boolean {
    return this.#filter.mayHave(eventId) && (this.#byEvent.has(eventId) || this.#packed.has(eventId));
  }

  /**
   * How many times a record was kept, compacted or rewritten: a stamp. While it has not moved, an event id
   * `get` found no record for still has none (a commit's conflict check need not look it up again).
   */
  get writes(): number {
    return this.#writes;
  }

  get(eventId: string): HeldRecord | undefined {
    if (!this.#filter.mayHave(eventId)) return undefined;
    return this.#byEvent.get(eventId) ?? this.#packed.get(eventId);
  }

  /** Keeps `stored` for `eventId` (applied: it is never rolled back). */
  set(eventId: string, stored: HeldRecord): void {
    this.#writes += 1;
    this.#filter.add(eventId);
    if (!(stored instanceof StoredRecord)) {
      if (!this.#pack(eventId, stored)) this.#byEvent.set(flat(eventId), stored);
      return;
    }
    const key = flat(eventId);
    this.#byEvent.set(key, stored);
    stored.key = key;
    const { text } = stored;
    if (text === undefined || text === COMPACTED) return;
    this.#byAge.push(stored);
    this.#pending.push(stored);
    this.#pendingChars += text.length;
    if (this.#pendingChars >= SEGMENT_CHARS) this.#seal();
  }

  /**
   * Called after a commit's records were `set`: when they brought at least `COMMIT_SEGMENT_CHARS` of text
   * (`charsBefore` is `pendingChars` before the first), the texts waiting are joined now.
   */
  committed(charsBefore: number): void {
    if (this.#pendingChars - charsBefore >= COMMIT_SEGMENT_CHARS) this.#seal();
  }

  /** Records whose texts wait for a segment (inspection: tests). */
  get pendingRecords(): number {
    return this.#pending.length;
  }

  /** Characters of applied texts waiting for a segment. */
  get pendingChars(): number {
    return this.#pendingChars;
  }

  /**
   * `Store.compactRecords`: records committed before `before` lose their outcome text (at most `limit`,
   * oldest first); returns how many. A segment is rewritten when at most half of its records still read from
   * it, so the text of compacted outcomes is freed (at most as much as live text stays behind).
   */
  compact(before: number, limit: number): number {
    const heap = this.#byAge;
    const touched = new Set<Segment>();
    let count = 0;
    let pendingCompacted = false;
    while (count < limit) {
      const oldest = heap.peek();
      if (oldest === undefined || !(oldest.committedAt < before)) break;
      heap.pop();
      if (!oldest.compactable) continue; // rewritten or compacted meanwhile
      const { segment } = oldest;
      if (segment !== undefined) {
        segment.live -= 1;
        touched.add(segment);
        oldest.segment = undefined;
        oldest.start = 0;
        oldest.end = 0;
      } else {
        this.#pendingChars -= (oldest.text as string).length;
        pendingCompacted = true;
      }
      oldest.text = COMPACTED;
      const compact = new CompactRecord(oldest.userId, oldest.fingerprint, oldest.committedAt);
      if (this.#pack(oldest.key, compact)) this.#byEvent.delete(oldest.key);
      count += 1;
    }
    // A compacted record leaves the list of texts waiting for a segment: with compaction at every tick, that list
    // may never fill a segment, and it kept every record it ever held (a 200k-event simulate: 200k records, ~27 MB).
    if (pendingCompacted) this.#pending = this.#pending.filter((record) => record.compactable);
    for (const segment of touched) {
      if (segment.live === 0 || segment.live * 2 > segment.records.length) continue;
      const survivors = segment.records.filter((record) => record.segment === segment);
      this.#join(survivors);
    }
    return count;
  }

  /**
   * Rewrites records: `change(key, record)` returns the record's new key and record, or `undefined`
   * to keep it as it is. A new key already in use is made unique (`uniqueKey`). The segments that held a
   * changed record are dropped (their other records take their text back and wait for a new segment), so
   * nothing of the old texts stays reachable.
   */
  rewrite(change: (key: string, record: HeldRecord) => [string, HeldRecord] | undefined): void {
    // Segments by identity (a Set of their strings would hash a million characters each).
    const touched = new Set<Segment>();
    const changed: Array<[string, HeldRecord]> = [];
    for (const [key, kept] of this.#byEvent) {
      const next = change(key, kept);
      if (next === undefined) continue;
      if (kept.segment !== undefined) touched.add(kept.segment);
      this.#byEvent.delete(key);
      changed.push(next);
    }
    // A new table, so none of the old keys' bytes nor a forgotten user's id stays.
    const packed = this.#packed;
    this.#packed = new PackedRecords();
    this.#writes += 1;
    for (const [key, kept] of packed.entries()) {
      const next = change(key, kept);
      if (next === undefined) this.#packed.set(key, kept);
      else changed.push(next);
    }
    for (const [key, record] of changed) {
      const unique = uniqueKey(key, (taken) => this.has(taken));
      this.#filter.add(unique);
      if (record instanceof StoredRecord) {
        record.key = unique;
        this.#byEvent.set(unique, record);
      } else if (!this.#pack(unique, record)) this.#byEvent.set(unique, record);
    }
    const pending: StoredRecord[] = [];
    const heap = new AgeHeap<StoredRecord>();
    let chars = 0;
    for (const record of this.#byEvent.values()) {
      if (!(record instanceof StoredRecord)) continue; // compacted: no text, in no segment
      if (record.compactable) heap.push(record);
      if (record.segment !== undefined) {
        if (!touched.has(record.segment)) continue;
        record.text = record.outcomeText();
        record.segment = undefined;
        record.start = 0;
        record.end = 0;
      }
      if (record.text === undefined || record.text === COMPACTED) continue;
      pending.push(record);
      chars += record.text.length;
    }
    this.#byAge = heap;
    this.#pending = pending;
    this.#pendingChars = chars;
    this.#filter.reset();
    if (chars >= SEGMENT_CHARS) this.#seal();
  }

  /** Every record (event id, user, text), every segment's text and every effect head: for inspection (tests). */
  dump(): unknown {
    const segments = new Set<Segment>();
    const records = [...this.#byEvent, ...this.#packed.entries()].map(([eventId, record]) => {
      if (record.segment !== undefined) segments.add(record.segment);
      return { eventId, userId: record.userId, text: record.text ?? null, committedAt: record.committedAt };
    });
    const segmentTexts = [...segments].map((segment) => segment.text);
    return { records, segments: segmentTexts, heads: this.heads.dump() };
  }

  get size(): number {
    return this.#byEvent.size + this.#packed.size;
  }

  /** Every key a record is kept under. */
  *#keys(): IterableIterator<string> {
    yield* this.#byEvent.keys();
    yield* this.#packed.keys();
  }

  /** `PackedRecords.set`, counted in `writes`. */
  #pack(key: string, record: CompactRecord): boolean {
    this.#writes += 1;
    return this.#packed.set(key, record);
  }

  #seal(): void {
    const pending = this.#pending.filter((record) => record.compactable);
    this.#pending = [];
    this.#pendingChars = 0;
    this.#join(pending);
  }

  /** Moves the texts of `records` (pending or in segments) into one new segment: one flat string. */
  #join(records: StoredRecord[]): void {
    if (records.length === 0) return;
    const texts = records.map((record) => record.outcomeText() as string);
    const segment = new Segment(texts.join(''), records);
    let at = 0;
    for (const [i, record] of records.entries()) {
      const length = (texts[i] as string).length;
      record.segment = segment;
      record.start = at;
      record.end = at + length;
      record.text = undefined;
      at += length;
    }
  }
}
