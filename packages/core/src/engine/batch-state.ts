import type { OutboxMessage } from '../store/outbox-types';
import type {
  CommitWrite,
  CounterEntry,
  RecordedOutcome,
  TimerCompletion,
  TimerRecord,
} from '../store/types';
import { DispatchBuffers } from './dispatch-lists';
import type { DispatchState } from './dispatch-state';
import type { Slot, StateSource } from './dispatch-types';
import { InPlaceLog } from './in-place-log';

const NONE: ReadonlySet<string> = new Set();
const NO_TOPS: ReadonlyMap<string, readonly CounterEntry[]> = new Map();

/**
 * What a batch read, and what its applied events changed so far: the state the next event of the batch runs
 * over (`StateSource`), and the one write the batch commits. An event is added only once it succeeded, so a
 * failed event's changes never reach it; the merged intents are what one-by-one commits would have left:
 * - a document or counter: the last value, the summed deltas;
 * - a timer: its last schedule or cancel in event order (each id in one list), a timer a fired timer's event
 *   completes, re-armed by an earlier event to the arming that fired (its due time and generation), is
 *   cancelled (as completing it would have);
 * - a message: the first with its dedupe key is written, later ones are duplicates (`queued: false`).
 * A message cannot be queued and then cancelled in one write (stores cancel before they enqueue): an event that
 * cancels a message an earlier event of the batch queued ends the batch before it (`cancelsQueued`).
 */
export class BatchState implements StateSource {
  private changed: Map<string, unknown> | undefined;
  /**
   * The keys in `changed` whose value is not the engine's own: a document a plugin wrote, a user not handed over.
   * Every other key's value is the engine's own user (`UserDraft`), written `handedOver`: most events hand theirs
   * over, so this stays empty and nothing is added to it per event (`handedOver`).
   */
  private readonly notOwn = new Set<string>();
  private deltas: Map<string, number> | undefined;
  private readonly records: RecordedOutcome[] = [];
  /**
   * The batch's records by their event's id (`Slot.event.id`), several under an id two users share: a short string
   * hashed once, where a map of record keys hashed each event's ~42-character key, read nowhere else by hash (see
   * `recorded`).
   */
  private readonly recordIndex = new Map<string, RecordedOutcome | RecordedOutcome[]>();
  private messages: OutboxMessage[] | undefined;
  /** Dedupe key → the state whose message was written under it. */
  private queued: Map<string, DispatchState> | undefined;
  private cancelMessages: string[] | undefined;
  /** Timer id → its last schedule, or `null` for a cancel. */
  private timers: Map<string, TimerRecord | null> | undefined;
  private complete: TimerCompletion[] | undefined;

  constructor(
    private readonly loaded: ReadonlyMap<string, unknown>,
    private readonly loadedCounters: ReadonlyMap<string, number>,
    private readonly loadedTops: ReadonlyMap<string, readonly CounterEntry[]> = NO_TOPS,
    private readonly loadedOwned = false,
  ) {
    this.inPlace = loadedOwned ? new InPlaceLog() : undefined;
  }

  /** The lists the batch's dispatches fill as they run, one after the other (see `DispatchBuffers`). */
  readonly buffers = new DispatchBuffers();
  /** The writes in place into the engine's own users (loaded with `loadOwned`): see `InPlaceLog`. */
  readonly inPlace: InPlaceLog | undefined;
  /** Where the running event's writes in place begin. */
  private eventMark = 0;

  /** An event of the batch starts: its writes in place from now on are its own (`undoEvent`). */
  beginEvent(): void {
    if (this.inPlace) this.eventMark = this.inPlace.mark();
  }

  /** Undoes the running event's writes in place (it failed, or is cut from the batch). */
  undoEvent(): void {
    this.inPlace?.undoTo(this.eventMark);
  }

  /** Undoes every write in place of the batch (its commit failed): the store's users are as they were. */
  undoAll(): void {
    this.inPlace?.undoTo(0);
  }

  /**
   * A leaderboard as loaded with the unit of work (at most `limit` entries). The batch never changed it: an event
   * reading a family an earlier event of the batch bumped starts a new unit of work (`changedUnder`).
   */
  top(prefix: string, limit: number): readonly CounterEntry[] {
    const entries = this.loadedTops.get(prefix) ?? [];
    return entries.length > limit ? entries.slice(0, limit) : entries;
  }

  /** Whether an event of the batch changed a counter under one of `prefixes`. */
  changedUnder(prefixes: Iterable<string>): boolean {
    const deltas = this.deltas;
    if (!deltas) return false;
    for (const prefix of prefixes) for (const key of deltas.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  doc(key: string): unknown {
    const changed = this.changed;
    if (changed?.has(key)) return changed.get(key) ?? undefined;
    return this.loaded.get(key);
  }

  /** Whether the document `userDoc` read last is the engine's own (`owns` of its key). */
  userOwned = false;

  /**
   * `doc` of an event's subject, with `owns` of it left in `userOwned`: one lookup in the batch's changes for both
   * (every event reads both). `changed` never holds `undefined` (a deleted document is `null`).
   */
  userDoc(key: string): unknown {
    const value = this.changed?.get(key);
    if (value !== undefined) {
      this.userOwned = this.handedOver(key);
      return value ?? undefined;
    }
    const loaded = this.loaded.get(key);
    this.userOwned = this.loadedOwned || (loaded === undefined && !this.loaded.has(key));
    return loaded;
  }

  /**
   * Whether the user document under `key` is the engine's own: the one an earlier event of the batch wrote, if it
   * was; else the loaded one when it was loaded with `loadOwned` (every document a store hands out otherwise may
   * be held by others), or the new user made when there is none.
   */
  owns(key: string): boolean {
    const changed = this.changed;
    if (changed?.has(key)) return this.handedOver(key);
    return this.loadedOwned || !this.loaded.has(key);
  }

  /** Whether the value `changed` holds under `key` is the engine's own (see `notOwn`). */
  private handedOver(key: string): boolean {
    return this.notOwn.size === 0 || !this.notOwn.has(key);
  }

  counter(key: string): number {
    return (this.loadedCounters.get(key) ?? 0) + (this.deltas?.get(key) ?? 0);
  }

  /**
   * The record an earlier event of this batch committed under `slot`'s record key: among those of events with its
   * id, the one whose key is equal (keys are compared only when ids are).
   */
  recorded(slot: Slot): RecordedOutcome | undefined {
    if (this.records.length === 0) return undefined;
    const found = this.recordIndex.get(slot.event.id);
    if (found === undefined) return undefined;
    const key = slot.recordKey;
    if (!Array.isArray(found)) return found.key === key ? found : undefined;
    for (let i = 0; i < found.length; i++) if ((found[i] as RecordedOutcome).key === key) return found[i];
    return undefined;
  }

  /** Whether `state` cancels a message an earlier event of this batch queued (the batch must end before it). */
  cancelsQueued(state: DispatchState): boolean {
    const queued = this.queued;
    if (!queued) return false;
    for (const key of state.cancelledMessages) if (queued.has(key)) return true;
    return false;
  }

  /**
   * Adds an applied event: its documents, counters, record, messages and timers. Returns the dedupe keys of its
   * messages an earlier event of the batch queued (not written again).
   */
  addApplied(state: DispatchState, record: RecordedOutcome): ReadonlySet<string> {
    const timer = state.slot.timer;
    if (timer) this.completeTimer(timer);
    this.changed ??= new Map();
    state.docWritesInto(this.changed, this.notOwn);
    const deltas = state.counterDeltas();
    if (deltas) {
      this.deltas ??= new Map();
      for (const [key, delta] of deltas) this.deltas.set(key, (this.deltas.get(key) ?? 0) + delta);
    }
    this.records.push(record);
    const id = state.slot.event.id;
    const same = this.recordIndex.get(id);
    if (same === undefined) this.recordIndex.set(id, record);
    else if (Array.isArray(same)) same.push(record);
    else this.recordIndex.set(id, [same, record]);
    if (state.cancelledMessages.length > 0) {
      this.cancelMessages ??= [];
      for (const key of state.cancelledMessages) this.cancelMessages.push(key);
    }
    const timers = state.timerChanges();
    if (timers) {
      for (const id of timers.cancel) this.netTimers().set(id, null);
      for (const t of timers.schedule) this.netTimers().set(t.id, t);
    }
    // Derived events join the queue (the timers' table) with their cause: ids of their own, never cancelled.
    const derived = state.derived();
    for (let i = 0; i < derived.length; i++) {
      const d = derived[i] as TimerRecord;
      this.netTimers().set(d.id, d);
    }
    return this.addMessages(state);
  }

  private netTimers(): Map<string, TimerRecord | null> {
    this.timers ??= new Map();
    return this.timers;
  }

  /** Adds the fallback messages of a failed event; returns those an earlier event of the batch queued. */
  addMessages(state: DispatchState): ReadonlySet<string> {
    if (state.messages.length === 0) return NONE;
    let duplicates: Set<string> | undefined;
    this.queued ??= new Map();
    this.messages ??= [];
    for (const message of state.messages) {
      const key = message.dedupeKey;
      if (!this.queued.has(key)) {
        this.queued.set(key, state);
        this.messages.push(message);
      } else if (duplicates) duplicates.add(key);
      else duplicates = new Set([key]);
    }
    return duplicates ?? NONE;
  }

  /** A fired timer whose event was committed before (a replay): completed. */
  completeTimer(timer: TimerCompletion): void {
    this.complete ??= [];
    this.complete.push(timer);
    const last = this.timers?.get(timer.id);
    if (last && last.dueAt === timer.dueAt && last.generation === timer.generation)
      this.timers?.set(timer.id, null);
  }

  /** The state whose message was written under `dedupeKey`. */
  queuedBy(dedupeKey: string): DispatchState | undefined {
    return this.queued?.get(dedupeKey);
  }

  /** Nothing to write: no record, message, document, counter or timer. */
  get empty(): boolean {
    return (
      this.records.length === 0 &&
      this.messages === undefined &&
      this.complete === undefined &&
      this.changed === undefined &&
      this.cancelMessages === undefined
    );
  }

  /** The batch's one write. */
  toCommitWrite(): CommitWrite {
    const docs: CommitWrite['docs'] = [];
    if (this.changed)
      for (const [key, value] of this.changed)
        docs.push(this.handedOver(key) ? { key, value, handedOver: true } : { key, value: value ?? null });
    const counters: CommitWrite['counters'] = [];
    if (this.deltas) for (const [key, delta] of this.deltas) if (delta !== 0) counters.push({ key, delta });
    const schedule: TimerRecord[] = [];
    const cancel: string[] = [];
    if (this.timers) {
      for (const [id, timer] of this.timers) {
        if (timer === null) cancel.push(id);
        else schedule.push(timer);
      }
    }
    return {
      records: this.records,
      docs,
      counters,
      messages: this.messages ?? [],
      cancelMessages: this.cancelMessages ?? [],
      timers: { schedule, cancel, complete: this.complete ?? [] },
    };
  }
}
