import type { DispatchTrace } from '../event/outcome';
import type { DraftEffect } from '../event/outcome-draft';
import type { UserState } from '../plugin/types';
import type { OutboxMessage } from '../store/outbox-types';
import type { TimerRecord } from '../store/types';
import type { PendingEmit } from './dispatch-types';
import { UserDraft } from './user-draft';

/** The lists of a dispatch that added nothing to them (shared, frozen). */
const NO_ITEMS: readonly never[] = Object.freeze([]);

/**
 * What few dispatches touch — messages, documents other than the user's, counters, timers, derived events, a
 * trace — in one object made on first use (`DispatchLists.rareParts`): a dispatch that touches none of them carries
 * one field for them all, not a dozen (the state of every event of a batch is held until its commit).
 */
export class RareParts {
  /** The messages queued (and not cancelled since), in order. */
  messages: OutboxMessage[] | undefined;
  /** The dedupe keys of the messages cancelled, in order. */
  cancelled: string[] | undefined;
  /** How many message ids were handed out. */
  seq = 0;
  /** `timerGeneration`, once a timer asked for it. */
  generation: string | undefined;
  /** Documents written (over the source's, which are never changed). */
  written: Map<string, unknown> | undefined;
  /** Counter changes, timers scheduled and timers cancelled. */
  deltas: Map<string, number> | undefined;
  scheduled: Map<string, TimerRecord> | undefined;
  cancelledTimers: Set<string> | undefined;
  /** Events derived (`ctx.derive`), by id, in order. */
  derivedEvents: Map<string, TimerRecord> | undefined;
  /** The trace of a traced dispatch. */
  trace: DispatchTrace | undefined;
}

/**
 * A list that dispatches fill one after the other (see `DispatchBuffers`): its array only grows, and its first
 * `length` items are the running dispatch's (those after them, an earlier dispatch's, are overwritten as it goes).
 */
export class ReusedList<T> {
  private readonly items: T[] = [];
  /** How many items the running dispatch put in. */
  length = 0;

  push(item: T): void {
    if (this.length < this.items.length) this.items[this.length] = item;
    else this.items.push(item);
    this.length += 1;
  }

  /** The item at `index` (< `length`). */
  at(index: number): T | undefined {
    return this.items[index];
  }

  /** The running dispatch's items, in an array of exactly their number (a shared frozen one for none). */
  exact(): readonly T[] {
    return this.length === 0 ? NO_ITEMS : this.items.slice(0, this.length);
  }
}

/**
 * The lists a dispatch fills as it runs — loop events pending, effects applied, rules fired — kept by its batch
 * and filled by the batch's dispatches one after the other (they run in order): each dispatch's lists are copied
 * out at exactly their length when it is over (`DispatchLists.settleLists`), not grown per dispatch (an array grown
 * by `push` from empty takes 17 slots: three such per event, dropped at once).
 */
export class DispatchBuffers {
  readonly emits = new ReusedList<PendingEmit>();
  readonly effects = new ReusedList<DraftEffect>();
  readonly fired = new ReusedList<string>();

  /** Empties the lists for the next dispatch. */
  reset(): void {
    this.emits.length = 0;
    this.effects.length = 0;
    this.fired.length = 0;
  }
}

/**
 * The lists one dispatch fills (a base of `DispatchState`): messages queued, dedupe keys of messages cancelled,
 * loop events pending, effects applied and rules fired, in order. The last three go into the buffers it is given
 * (its batch's, or its own), emptied when it starts, until it is over (`settleLists`); the others are made on their
 * first item (most dispatches fill none). Its lists are read once it is over: a read before copies them.
 */
export abstract class DispatchLists extends UserDraft {
  /** What few dispatches touch (see `RareParts`): `undefined` until one does. */
  protected rareParts: RareParts | undefined;
  /** The lists of this dispatch while it runs (a batch's dispatches share them one after the other). */
  private readonly buffers: DispatchBuffers;
  /** The lists once the dispatch is over (`settleLists`), each of exactly its length. */
  private emitList: readonly PendingEmit[] | undefined;
  private effectList: readonly DraftEffect[] | undefined;
  private firedList: readonly string[] | undefined;

  /** `buffers`: the batch's, which no other dispatch fills until this one is over; else lists of its own. */
  constructor(user: UserState, clean: boolean, buffers: DispatchBuffers = new DispatchBuffers()) {
    super(user, clean);
    buffers.reset();
    this.buffers = buffers;
  }

  /** The messages this dispatch queued (and did not cancel since), in order. */
  get messages(): readonly OutboxMessage[] {
    return this.rareParts?.messages ?? NO_ITEMS;
  }

  /** The dedupe keys of the messages this dispatch cancelled, in order. */
  get cancelledMessages(): readonly string[] {
    return this.rareParts?.cancelled ?? NO_ITEMS;
  }

  /** The loop events to emit after the commit, in order (see `emit`). */
  get emits(): readonly PendingEmit[] {
    return this.emitList ?? this.buffers.emits.exact();
  }

  /** The effects applied, in order. */
  get effects(): readonly DraftEffect[] {
    return this.effectList ?? this.buffers.effects.exact();
  }

  /** The ids of the rules fired, in order. */
  get fired(): readonly string[] {
    return this.firedList ?? this.buffers.fired.exact();
  }

  /** Queues a message (see `queueMessage`). */
  addMessage(message: OutboxMessage): void {
    const rare = this.rare();
    rare.messages ??= [];
    rare.messages.push(message);
  }

  /** Cancels a message by its dedupe key: one this dispatch queued is dropped, and the key is noted. */
  cancelMessage(dedupeKey: string): void {
    const rare = this.rare();
    const queued = rare.messages;
    const index = queued ? queued.findIndex((m) => m.dedupeKey === dedupeKey) : -1;
    if (index >= 0) queued?.splice(index, 1);
    rare.cancelled ??= [];
    rare.cancelled.push(dedupeKey);
  }

  /** Notes an effect applied. */
  addEffect(effect: DraftEffect): void {
    this.buffers.effects.push(effect);
  }

  /** Notes a rule fired. */
  addFired(ruleId: string): void {
    this.buffers.fired.push(ruleId);
  }

  /** What few dispatches touch, made now if it was not yet. */
  protected rare(): RareParts {
    this.rareParts ??= new RareParts();
    return this.rareParts;
  }

  /** Adds a loop event to emit after the commit. */
  protected pushEmit(pending: PendingEmit): void {
    this.buffers.emits.push(pending);
  }

  /** The loop events so far, read without a copy (see `emits`). */
  protected emitsSoFar(): Pick<ReusedList<PendingEmit>, 'length' | 'at'> {
    return this.emitList ?? this.buffers.emits;
  }

  /**
   * The dispatch is over: its lists are copied out of the buffers, which the batch's next dispatch refills. Nothing
   * is added to them after this.
   */
  protected settleLists(): void {
    const { buffers } = this;
    this.emitList = buffers.emits.exact();
    this.effectList = buffers.effects.exact();
    this.firedList = buffers.fired.exact();
  }
}
