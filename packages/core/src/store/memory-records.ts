import { AgeHeap } from './age-heap';
import { CodeUnits } from './code-units';
import { COMPACTED, CompactRecord } from './compact-record';
import { flat } from './flat';
import type { KeyNotes } from './key-notes';
import { EffectHeads } from './memory-effect-heads';
import { PackedRecords } from './packed-records';
import { PackedTexts } from './packed-texts';
import { uniqueKey } from './pseudonymise';
import type { StagedRecords } from './staged-records';
import { type HeldRecord, readRecord, Segment, StoredRecord, storeRecord } from './stored-record';

export { type HeldRecord, readRecord, Segment, StoredRecord, storeRecord };

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
 * bytes surviving a scavenge 271 → 256 MB, promoted 264 → 238 MB. At 16 KiB the texts of a batch of 500 events
 * that fire no rule (~25,000 characters: `BENCH_PART=kernel`) are joined at their commit too (promoted, whole
 * process, 2 runs each: 85.4/85.9 → 67.8/67.5 MB). Joining them costs what joining them later would. A commit
 * of a few records (one-by-one dispatch) adds far less and its texts wait for `SEGMENT_CHARS` as before, so no
 * pause falls on a single event more often than it did.
 */
export const COMMIT_SEGMENT_CHARS = 16_384;

/**
 * Characters a commit's texts must reach to be their own segment as they were written (`setCommit`: all of them
 * kept packed): nothing to join, so a smaller commit than `COMMIT_SEGMENT_CHARS` is worth it too (the batch of 500
 * events that fire no rule writes ~12,000 characters in the binary form); a commit of a few records (one-by-one
 * dispatch) waits for a segment as before, so no segment holds a few records only.
 */
export const OWN_SEGMENT_CHARS = 4_096;

/**
 * The memory store's recorded outcomes, by key (see `RecordedOutcome.key`). Records are kept packed
 * (`PackedRecords`): compacted ones, and from their commit on those with an outcome under a `recordKey` (every
 * record the engine writes), their texts in `PackedTexts`' segments, so no object, map entry or heap node per record
 * lives on the JavaScript heap for the retention window. The others (a key of no scope's form, a fingerprint not in
 * the packed form) are `StoredRecord`s in a map: their texts wait in a list until they fill a segment, and the
 * records point into it; those with an outcome wait in a heap by commit time, oldest first, for `compact`.
 */
export class MemoryRecords {
  /** The heads its records' effects name (`storeRecord`, `readRecord`). */
  readonly heads = new EffectHeads();
  /** Where a commit's texts are written (`storeRecords`). */
  readonly units = new CodeUnits();
  /** Records the packed table cannot hold (see `PackedRecords.set`, `PackedRecords.setLive`). */
  readonly #byEvent = new Map<string, HeldRecord>();
  #packed = new PackedRecords();
  /** The texts of the packed records that still have an outcome (those under a `recordKey`: most). */
  #texts = new PackedTexts(this.#packed);
  /** Changes to the records so far (see `writes`). */
  #writes = 0;
  #pending: StoredRecord[] = [];
  #pendingChars = 0;
  #byAge = new AgeHeap<StoredRecord>();
  /** `setCommit`'s packed records: address, start, end and commit time of each, in order (reused). */
  readonly #placed: number[] = [];

  /** Whether a record is kept for `eventId`. */
  has(eventId: string): boolean {
    return (this.#byEvent.size > 0 && this.#byEvent.has(eventId)) || this.#packed.has(eventId);
  }

  /**
   * How many times a record was kept, compacted or rewritten: a stamp. While it has not moved, an event id
   * `get` found no record for still has none (a commit's conflict check need not look it up again).
   */
  get writes(): number {
    return this.#writes;
  }

  /** The record kept for `eventId`; with `notes`, what the lookup found is noted as key `index` of a read. */
  get(eventId: string, notes?: KeyNotes, index = -1): HeldRecord | undefined {
    if (this.#byEvent.size > 0) {
      const held = this.#byEvent.get(eventId);
      if (held !== undefined) return held;
    }
    const address = this.#packed.addressOf(eventId, notes, index);
    return address < 0 ? undefined : heldAt(this.#texts, eventId, address);
  }

  /**
   * Keeps `stored` for `eventId` (applied: it is never rolled back); `notes`, `index`: what a read of the key
   * found (`get`), if it was read.
   */
  set(eventId: string, stored: HeldRecord, notes?: KeyNotes, index = -1): void {
    this.#writes += 1;
    if (!(stored instanceof StoredRecord)) {
      if (this.#pack(eventId, stored)) return;
      this.#byEvent.set(flat(eventId), stored);
      return;
    }
    const { text } = stored;
    if (text !== undefined && text !== COMPACTED && this.#packLive(eventId, stored, text, notes, index))
      return;
    const key = flat(eventId);
    this.#byEvent.set(key, stored);
    stored.key = key;
    if (text === undefined || text === COMPACTED) return;
    this.#byAge.push(stored);
    this.#pending.push(stored);
    this.#pendingChars += text.length;
    if (this.#pendingChars >= SEGMENT_CHARS) this.#seal();
  }

  /**
   * Keeps a commit's records (`storeRecords`) under `keys`, as `set` of each then `committed` do; `notes`,
   * `noteAt`: what a read of the keys found (`set`). The texts of those kept packed are handed over together
   * (`PackedTexts.addCommit`): when they are all of the commit's texts, at least `OWN_SEGMENT_CHARS`, its string
   * is their segment as it is.
   */
  setCommit(keys: readonly string[], staged: StagedRecords, notes?: KeyNotes, noteAt?: Int32Array): void {
    const charsBefore = this.pendingChars;
    const { records, text, starts, ends } = staged;
    const placed = this.#placed;
    let whole = true;
    for (let i = 0; i < records.length; i++) {
      const key = keys[i] as string;
      const held = records[i] as HeldRecord;
      const index = noteAt === undefined ? -1 : (noteAt[i] as number);
      const start = starts[i] as number;
      if (start < 0) {
        this.set(key, held, notes, index);
        continue;
      }
      const stored = held as StoredRecord;
      const { userId, fingerprint, committedAt } = stored;
      const address = this.#packed.setLive(key, userId, fingerprint, committedAt, notes, index);
      if (address >= 0) {
        this.#writes += 1;
        placed.push(address, start, ends[i] as number, committedAt);
        continue;
      }
      whole = false;
      stored.text = text.slice(start, ends[i]);
      this.set(key, stored, notes, index);
    }
    if (placed.length > 0) this.#texts.addCommit(text, placed, whole && text.length >= OWN_SEGMENT_CHARS);
    placed.length = 0;
    if (this.#texts.pendingChars >= SEGMENT_CHARS) this.#texts.seal();
    this.committed(charsBefore);
  }

  /**
   * Called after a commit's records were `set`: when they brought at least `COMMIT_SEGMENT_CHARS` of text
   * (`charsBefore` is `pendingChars` before the first), the texts waiting are joined now.
   */
  committed(charsBefore: number): void {
    if (this.pendingChars - charsBefore >= COMMIT_SEGMENT_CHARS) this.#seal();
  }

  /** Records whose texts wait for a segment (inspection: tests). */
  get pendingRecords(): number {
    return this.#pending.length;
  }

  /** Characters of applied texts waiting for a segment. */
  get pendingChars(): number {
    return this.#pendingChars + this.#texts.pendingChars;
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
    const texts = this.#texts;
    const textsTouched = new Set<number>();
    while (count < limit) {
      const oldest = heap.peek();
      const packedAt = texts.oldestAt();
      if (packedAt < (oldest === undefined ? Number.POSITIVE_INFINITY : oldest.committedAt)) {
        if (!(packedAt < before)) break;
        if (!texts.dropOldest(textsTouched)) continue;
        this.#writes += 1;
        count += 1;
        continue;
      }
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
    texts.settle(textsTouched);
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
    // A new table, so none of the old keys' bytes nor a forgotten user's id stays; and new segments.
    const texts = this.#texts;
    this.#packed = new PackedRecords();
    this.#texts = new PackedTexts(this.#packed);
    this.#writes += 1;
    const live: StoredRecord[] = [];
    for (const [key, address] of texts.packed.addresses()) {
      const kept = heldAt(texts, key, address);
      const next = change(key, kept);
      if (next !== undefined) changed.push(next);
      else if (kept instanceof StoredRecord) live.push(kept);
      else this.#packed.set(key, kept);
    }
    // By commit time, for the queue of `PackedTexts`.
    for (const kept of live.sort(byCommitTime)) {
      if (this.#packLive(kept.key, kept, kept.text as string)) continue;
      this.#byEvent.set(kept.key, kept); // not expected: it was packed under the same key
    }
    for (const [key, record] of changed.sort((a, b) => byCommitTime(a[1], b[1]))) {
      const unique = uniqueKey(key, (taken) => this.has(taken));
      const { text } = record;
      if (text !== undefined && text !== COMPACTED && record.segment === undefined) {
        if (this.#packLive(unique, record as StoredRecord, text)) continue;
      }
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
    if (chars >= SEGMENT_CHARS) this.#seal();
  }

  /** Every record (event id, user, text), every segment's text and every effect head: for inspection (tests). */
  dump(): unknown {
    const segments = new Set<Segment>();
    const texts = this.#texts;
    const packed = [...texts.packed.addresses()].map(([key, address]): [string, HeldRecord] => [
      key,
      texts.packed.recordAt(address),
    ]);
    const records = [...this.#byEvent, ...packed].map(([eventId, record]) => {
      if (record.segment !== undefined) segments.add(record.segment);
      return { eventId, userId: record.userId, text: record.text ?? null, committedAt: record.committedAt };
    });
    const segmentTexts = [...[...segments].map((segment) => segment.text), ...texts.dump()];
    return { records, segments: segmentTexts, heads: this.heads.dump() };
  }

  get size(): number {
    return this.#byEvent.size + this.#packed.size;
  }

  /** `PackedRecords.set`, counted in `writes`. */
  #pack(key: string, record: CompactRecord): boolean {
    this.#writes += 1;
    return this.#packed.set(key, record);
  }

  /** Keeps a record with an outcome packed (`PackedRecords.setLive`, `PackedTexts`): false when it cannot be. */
  #packLive(key: string, stored: StoredRecord, text: string, notes?: KeyNotes, index = -1): boolean {
    const { userId, fingerprint, committedAt } = stored;
    const address = this.#packed.setLive(key, userId, fingerprint, committedAt, notes, index);
    if (address < 0) return false;
    this.#texts.add(address, text, stored.committedAt);
    if (this.#texts.pendingChars >= SEGMENT_CHARS) this.#texts.seal();
    return true;
  }

  #seal(): void {
    this.#texts.seal();
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

const byCommitTime = (a: HeldRecord, b: HeldRecord): number => a.committedAt - b.committedAt;

/** The packed record at `address`: a `StoredRecord` (not kept anywhere) when it still has its outcome. */
function heldAt(texts: PackedTexts, key: string, address: number): HeldRecord {
  const record = texts.packed.recordAt(address);
  const text = texts.textOf(address);
  if (text === undefined) return record;
  const stored = new StoredRecord(record.userId, text, record.committedAt, record.fingerprint);
  stored.key = key;
  return stored;
}
