import { EngageLoopError } from '../errors/error';
import { cancelledAt, recordsOf } from './commit-records';
import { EMPTY_ARRAY, freezeJson } from './freeze';
import { KeyNotes } from './key-notes';
import { CommitKeys } from './memory-commit-keys';
import { readRecord } from './memory-records';
import { dropFrom, type Lender, type MemoryState, type Reserver, reserveStaged } from './memory-state';
import type { OutboxMessage } from './outbox-types';
import { type StagedRecords, storeRecords } from './staged-records';
import type {
  CommitResult,
  CommitWrite,
  RecordedOutcome,
  StoreTransaction,
  SyncStoreTransaction,
  TimerCompletion,
  TimerRecord,
} from './types';

const violation = (reason: string, data?: Record<string, unknown>): EngageLoopError =>
  new EngageLoopError('STORE_CONTRACT_VIOLATION', { message: `Store contract violation: ${reason}.`, data });

const notLocked = (key: string): EngageLoopError =>
  violation(`document "${key}" is not locked by this unit of work`, { key });

/** `#readAbsent` of a read of one key (shared, never written). */
const ABSENT = Uint8Array.of(1);
const PRESENT = Uint8Array.of(0);

/** More locked keys than this are looked up through a Set. */
const SCAN_LIMIT = 8;

/** A commit that passed every check: frozen values in containers of our own, applied when the work returns. */
interface Staged {
  /** The documents' keys, and their frozen values (same order; `null` deletes): no pair object per document. */
  docKeys: readonly string[];
  docValues: readonly unknown[];
  /** 1 where the value was handed over unfrozen (`handedOver`): kept so, frozen when first read (`MemoryDocs`). */
  docOpen: Uint8Array | undefined;
  counters: ReadonlyArray<{ readonly key: string; readonly delta: number }>;
  /** Messages to enqueue (duplicates already left out). */
  messages: readonly OutboxMessage[];
  cancelMessages: readonly string[];
  /** When the cancelled messages finished (`cancelledAt`). */
  cancelledAt: number | undefined;
  schedule: readonly TimerRecord[];
  cancelTimers: readonly string[];
  complete: ReadonlyArray<Readonly<TimerCompletion>>;
  /** The records' keys, and the records to keep under them (same order; `undefined`: none). */
  recordKeys: readonly string[];
  records: StagedRecords | undefined;
  /** What the read of the records' keys found (`KeyNotes`), and each record's key's place in it (-1: none). */
  notes: KeyNotes | undefined;
  noteAt: Int32Array | undefined;
}

const copy = <T>(items: readonly T[]): readonly T[] => (items.length === 0 ? EMPTY_ARRAY : items.slice());

/**
 * A unit of work over a memory store. Reads hand out the stored values themselves — they are frozen, so
 * nothing but a commit changes them; the commit freezes what it writes (a document handed over, `handedOver`,
 * is frozen when it is first read, except by `loadOwned`) and is applied when the work returns.
 */
export class MemoryTransaction implements StoreTransaction, Lender, Reserver {
  #sync: MemorySyncTransaction | undefined;
  #open = true;
  #committed = false;
  #staged: Staged | undefined;
  /** Whether the staged commit's event ids are in `MemoryState.reservedEvents` (`reserve`). */
  #reserved = false;
  #lockedSet: ReadonlySet<string> | undefined;
  /**
   * The keys of the last read of records (a copy), 1 for each that had none, and the records' `writes` then: while
   * nothing was written since, the commit's conflict check does not look those keys up again (see `#stage`).
   */
  #read: readonly string[] = EMPTY_ARRAY;
  #readAbsent: Uint8Array | undefined;
  #readAt = -1;
  /** What the last read of records found for its keys (`KeyNotes`), for the commit to write them by. */
  #notes: KeyNotes | undefined;
  /**
   * The keys this unit of work loaded with `loadOwned` (it is in `MemoryState.lent` until it ends), in the lists
   * they were asked in: usually one, the locked keys themselves (`lends` then asks `#holds`).
   */
  #lent: Array<readonly string[]> | undefined;
  /** `#lent` as a set, made when `lends` is first asked of more than the locked keys. */
  #lentSet: Set<string> | undefined;

  constructor(
    private readonly state: MemoryState,
    private readonly locked: readonly string[],
  ) {}

  /** Applies the staged commit (if any) at once and ends the unit of work. */
  static apply(tx: MemoryTransaction): void {
    tx.#open = false;
    tx.#giveBack();
    const staged = tx.#staged;
    if (staged === undefined) return;
    tx.#release(staged);
    tx.#staged = undefined;
    const { state } = tx;
    const { docKeys, docValues, docOpen } = staged;
    for (let i = 0; i < docKeys.length; i++) {
      const key = docKeys[i] as string;
      const value = docValues[i];
      if (value === null) state.docs.delete(key);
      else state.docs.set(key, value, docOpen?.[i] === 1);
    }
    for (const { key, delta } of staged.counters) state.counters.add(key, delta);
    for (const key of staged.cancelMessages) state.outbox.cancel(key, staged.cancelledAt);
    for (const message of staged.messages) state.outbox.enqueue(message);
    for (const done of staged.complete) state.timers.complete(done);
    for (const id of staged.cancelTimers) state.timers.cancel(id);
    for (const timer of staged.schedule) state.timers.schedule(timer);
    const { recordKeys, records, notes, noteAt } = staged;
    if (records !== undefined) state.records.setCommit(recordKeys, records, notes, noteAt);
  }

  /** Drops the staged commit and ends the unit of work. */
  static rollback(tx: MemoryTransaction): void {
    tx.#open = false;
    tx.#giveBack();
    if (tx.#staged !== undefined) tx.#release(tx.#staged);
    tx.#staged = undefined;
  }

  /** The same reads and commit, answered at once (what the engine uses). */
  get sync(): SyncStoreTransaction {
    this.#sync ??= new MemorySyncTransaction(this);
    return this.#sync;
  }

  async recorded(key: string): Promise<RecordedOutcome | undefined> {
    return this.recordedNow(key);
  }

  async recordedMany(keys: readonly string[]): Promise<Map<string, RecordedOutcome>> {
    return this.recordedManyNow(keys);
  }

  async load(keys: readonly string[]): Promise<Map<string, unknown>> {
    return this.loadNow(keys);
  }

  async counters(keys: readonly string[]): Promise<Map<string, number>> {
    return this.countersNow(keys);
  }

  async existingMessages(dedupeKeys: readonly string[]): Promise<Set<string>> {
    this.#check();
    const out = new Set<string>();
    for (const key of dedupeKeys) if (this.state.outbox.has(key)) out.add(key);
    return out;
  }

  async commit(write: CommitWrite): Promise<CommitResult> {
    return this.commitNow(write);
  }

  recordedNow(key: string): RecordedOutcome | undefined {
    this.#check();
    const { records } = this.state;
    const stored = records.get(key);
    this.#read = [key];
    this.#readAbsent = stored === undefined ? ABSENT : PRESENT;
    this.#readAt = records.writes;
    this.#notes = undefined;
    return stored === undefined ? undefined : readRecord(key, stored, records.heads);
  }

  recordedManyNow(keys: readonly string[]): Map<string, RecordedOutcome> {
    this.#check();
    const { records } = this.state;
    const out = new Map<string, RecordedOutcome>();
    const absent = new Uint8Array(keys.length);
    const notes = new KeyNotes(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const stored = records.get(key, notes, i);
      if (stored !== undefined) out.set(key, readRecord(key, stored, records.heads));
      else absent[i] = 1;
    }
    this.#read = keys.slice();
    this.#readAbsent = absent;
    this.#readAt = records.writes;
    this.#notes = notes.owner === undefined ? undefined : notes;
    return out;
  }

  loadNow(keys: readonly string[], owned = false): Map<string, unknown> {
    this.#check();
    const { docs } = this.state;
    const out = new Map<string, unknown>();
    // The engine loads the very list it locked: every key is held.
    const held = keys === this.locked;
    for (const key of keys) {
      if (!held && !this.#holds(key)) throw notLocked(key);
      const value = owned ? docs.getOwned(key) : docs.get(key);
      if (value !== undefined) out.set(key, value);
    }
    if (owned && keys.length > 0) {
      if (this.#lent === undefined) {
        this.#lent = [];
        this.state.lent.push(this);
      }
      this.#lent.push(held ? keys : keys.slice());
      this.#lentSet = undefined;
    }
    return out;
  }

  /** Whether this unit of work loaded `key` with `loadOwned` (`Lender`). */
  lends(key: string): boolean {
    const lent = this.#lent;
    if (lent === undefined) return false;
    if (lent.length === 1 && lent[0] === this.locked) return this.#holds(key);
    this.#lentSet ??= new Set(lent.flat());
    return this.#lentSet.has(key);
  }

  #giveBack(): void {
    if (this.#lent === undefined) return;
    dropFrom(this.state.lent, this);
    this.#lent = undefined;
    this.#lentSet = undefined;
  }

  countersNow(keys: readonly string[]): Map<string, number> {
    this.#check();
    const out = new Map<string, number>();
    for (const key of keys) out.set(key, this.state.counters.get(key) ?? 0);
    return out;
  }

  commitNow(write: CommitWrite): CommitResult {
    this.#check();
    if (this.#committed) throw violation('commit was called twice');
    this.#committed = true;
    return this.#stage(write);
  }

  #check(): void {
    if (this.state.closed) throw new EngageLoopError('STORE_CLOSED');
    if (!this.#open) throw violation('the unit of work is over');
  }

  #holds(key: string): boolean {
    if (this.locked.length <= SCAN_LIMIT) return this.locked.includes(key);
    this.#lockedSet ??= new Set(this.locked);
    return this.#lockedSet.has(key);
  }

  /** Puts the staged commit's event ids in `MemoryState.reservedEvents` (`Reserver`, `reserveStaged`). */
  reserve(): void {
    const staged = this.#staged;
    if (staged === undefined || this.#reserved) return;
    for (const key of staged.recordKeys) this.state.reservedEvents.add(key);
    this.#reserved = true;
  }

  #release(staged: Staged): void {
    const { state } = this;
    if (this.#reserved) for (const key of staged.recordKeys) state.reservedEvents.delete(key);
    else dropFrom(state.unreserved, this);
    for (const message of staged.messages) state.reservedDedupe.delete(message.dedupeKey);
  }

  #stage(input: CommitWrite): CommitResult {
    const { state } = this;
    for (const { key } of input.docs) if (!this.#holds(key)) throw notLocked(key);
    if (state.failNextCommit) {
      state.failNextCommit = false;
      throw new EngageLoopError('STORE_ERROR', { message: 'Injected commit failure.' });
    }
    const given = recordsOf(input);
    // The keys read, when no record was written since: a key read without a record then has none now. The
    // records come in the order their keys were read (some left out); one out of that order ends the walk.
    let read = state.records.writes === this.#readAt ? this.#read : EMPTY_ARRAY;
    const absent = this.#readAbsent;
    let next = 0;
    // Each record's key's place in the read, for the write to take what the read found (`KeyNotes`).
    const notes = read.length > 0 ? this.#notes : undefined;
    const noteAt = notes === undefined ? undefined : new Int32Array(given.length).fill(-1);
    // Other commits staged and not finished reserve their keys now (`reserveStaged`); this one's wait in
    // `unreserved` once it is staged. A key given twice is caught by the commit's own keys (`CommitKeys`).
    reserveStaged(state);
    const reserved = state.reservedEvents;
    const own = given.length > 1 ? new CommitKeys(given.length) : undefined;
    // Keys and records side by side: no pair object per record.
    let recordKeys: readonly string[] = EMPTY_ARRAY;
    let records: StagedRecords | undefined;
    const docKeys: string[] = new Array(input.docs.length);
    const docValues: unknown[] = new Array(input.docs.length);
    let docOpen: Uint8Array | undefined;
    for (let i = 0; i < given.length; i++) {
      const { key } = given[i] as RecordedOutcome;
      let unseen = false;
      if (read.length > 0) {
        let j = next;
        while (j < read.length && read[j] !== key) j++;
        if (j < read.length) {
          unseen = absent?.[j] === 1;
          if (noteAt !== undefined) noteAt[i] = j;
          next = j + 1;
        } else read = EMPTY_ARRAY;
      }
      const taken = (!unseen && state.records.has(key)) || (reserved.size > 0 && reserved.has(key));
      const at = noteAt === undefined ? -1 : (noteAt[i] as number);
      if (taken || own?.add(key, CommitKeys.notedHash(notes, at))) {
        throw new EngageLoopError('STORE_CONFLICT', { data: { key } });
      }
    }
    // Everything is frozen before a message is reserved: a value that is not JSON data stops the commit here.
    for (let i = 0; i < input.docs.length; i++) {
      const { key, value, handedOver } = input.docs[i] as CommitWrite['docs'][number];
      docKeys[i] = key;
      if (handedOver === true && typeof value === 'object' && value !== null) {
        // The writer made what is unfrozen in it and lets go of it: kept as it is until it is read.
        docOpen ??= new Uint8Array(input.docs.length);
        docOpen[i] = 1;
        docValues[i] = value;
      } else docValues[i] = freezeJson(value, 'document', key);
    }
    for (const message of input.messages) freezeJson(message, 'message', message.id);
    for (const timer of input.timers.schedule) freezeJson(timer, 'timer', timer.id);
    if (given.length > 0) {
      recordKeys = given.map((r) => r.key);
      records = storeRecords(given, state.records.heads, state.records.units);
    }
    const { schedule } = input.timers;

    const messages: OutboxMessage[] = [];
    const duplicateMessages: string[] = [];
    const seen = input.messages.length > 1 ? new Set<string>() : undefined;
    for (const message of input.messages) {
      const { dedupeKey } = message;
      const taken =
        state.outbox.has(dedupeKey) || state.reservedDedupe.has(dedupeKey) || seen?.has(dedupeKey) === true;
      if (taken) duplicateMessages.push(dedupeKey);
      else {
        seen?.add(dedupeKey);
        messages.push(message);
      }
    }
    for (const message of messages) state.reservedDedupe.add(message.dedupeKey);
    this.#staged = {
      docKeys,
      docValues,
      docOpen,
      counters:
        input.counters.length === 0 ? EMPTY_ARRAY : input.counters.map(({ key, delta }) => ({ key, delta })),
      messages,
      cancelMessages: copy(input.cancelMessages),
      cancelledAt: input.cancelMessages.length === 0 ? undefined : cancelledAt(input),
      schedule: copy(schedule),
      cancelTimers: copy(input.timers.cancel),
      complete:
        input.timers.complete.length === 0
          ? EMPTY_ARRAY
          : input.timers.complete.map(({ id, dueAt, generation }) => ({ id, dueAt, generation })),
      recordKeys,
      records,
      notes,
      noteAt,
    };
    if (recordKeys.length > 0) state.unreserved.push(this);
    return { duplicateMessages };
  }
}

/** `MemoryTransaction.sync`: the transaction's reads and commit, answered at once. */
class MemorySyncTransaction implements SyncStoreTransaction {
  constructor(private readonly tx: MemoryTransaction) {}
  recorded(key: string): RecordedOutcome | undefined {
    return this.tx.recordedNow(key);
  }
  recordedMany(keys: readonly string[]): Map<string, RecordedOutcome> {
    return this.tx.recordedManyNow(keys);
  }
  load(keys: readonly string[]): Map<string, unknown> {
    return this.tx.loadNow(keys);
  }
  loadOwned(keys: readonly string[]): Map<string, unknown> {
    return this.tx.loadNow(keys, true);
  }
  counters(keys: readonly string[]): Map<string, number> {
    return this.tx.countersNow(keys);
  }
  commit(write: CommitWrite): CommitResult {
    return this.tx.commitNow(write);
  }
}
