import type { DispatchTrace } from '../event/outcome';
import type { DraftEffect } from '../event/outcome-draft';
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
 * The lists one dispatch fills (a base of `DispatchState`): messages queued, dedupe keys of messages cancelled,
 * loop events pending, effects applied and rules fired, in order. Each is made on its first item (most
 * dispatches fill few of them); until then it reads as a shared frozen empty list.
 */
export abstract class DispatchLists extends UserDraft {
  /** What few dispatches touch (see `RareParts`): `undefined` until one does. */
  protected rareParts: RareParts | undefined;
  private emitList: PendingEmit[] | undefined;
  private effectList: DraftEffect[] | undefined;
  private firedList: string[] | undefined;

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
    return this.emitList ?? NO_ITEMS;
  }

  /** The effects applied, in order. */
  get effects(): readonly DraftEffect[] {
    return this.effectList ?? NO_ITEMS;
  }

  /** The ids of the rules fired, in order. */
  get fired(): readonly string[] {
    return this.firedList ?? NO_ITEMS;
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
    this.effectList ??= [];
    this.effectList.push(effect);
  }

  /** Notes a rule fired. */
  addFired(ruleId: string): void {
    this.firedList ??= [];
    this.firedList.push(ruleId);
  }

  /** What few dispatches touch, made now if it was not yet. */
  protected rare(): RareParts {
    this.rareParts ??= new RareParts();
    return this.rareParts;
  }

  /** Adds a loop event to emit after the commit. */
  protected pushEmit(pending: PendingEmit): void {
    this.emitList ??= [];
    this.emitList.push(pending);
  }
}
