import type { DraftEffect } from '../event/outcome-draft';
import type { OutboxMessage } from '../store/outbox-types';
import type { PendingEmit } from './dispatch-types';
import { UserDraft } from './user-draft';

/** The lists of a dispatch that added nothing to them (shared, frozen). */
const NO_ITEMS: readonly never[] = Object.freeze([]);

/**
 * The lists one dispatch fills (a base of `DispatchState`): messages queued, dedupe keys of messages cancelled,
 * loop events pending, effects applied and rules fired, in order. Each is made on its first item (most
 * dispatches fill few of them); until then it reads as a shared frozen empty list.
 */
export class DispatchLists extends UserDraft {
  private messageList: OutboxMessage[] | undefined;
  private cancelledList: string[] | undefined;
  private emitList: PendingEmit[] | undefined;
  private effectList: DraftEffect[] | undefined;
  private firedList: string[] | undefined;

  /** The messages this dispatch queued (and did not cancel since), in order. */
  get messages(): readonly OutboxMessage[] {
    return this.messageList ?? NO_ITEMS;
  }

  /** The dedupe keys of the messages this dispatch cancelled, in order. */
  get cancelledMessages(): readonly string[] {
    return this.cancelledList ?? NO_ITEMS;
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
    this.messageList ??= [];
    this.messageList.push(message);
  }

  /** Cancels a message by its dedupe key: one this dispatch queued is dropped, and the key is noted. */
  cancelMessage(dedupeKey: string): void {
    const queued = this.messageList;
    const index = queued ? queued.findIndex((m) => m.dedupeKey === dedupeKey) : -1;
    if (index >= 0) queued?.splice(index, 1);
    this.cancelledList ??= [];
    this.cancelledList.push(dedupeKey);
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

  /** Adds a loop event to emit after the commit. */
  protected pushEmit(pending: PendingEmit): void {
    this.emitList ??= [];
    this.emitList.push(pending);
  }
}
