/** How the memory outbox holds one message (`Held`): the message alone while fresh, else a `Slot`. */
import { EMPTY_OBJECT } from './freeze';
import type { OutboxEntry, OutboxMessage, OutboxStatus } from './outbox-types';

/** A message's delivery bookkeeping once it has any (see `Slot`). */
interface Delivery {
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
  lease: string | null;
  leaseUntil: number;
}

/**
 * One message: the frozen message as committed, its status and version, and its delivery bookkeeping. The
 * bookkeeping is made on its first change (a claim, a retry): until then it reads as a fresh message's (no
 * attempt, due at `notBefore`, no lease). Most messages of a large store wait unclaimed, and six fields with
 * epoch-ms numbers (boxed doubles in V8) cost about 70 bytes each.
 */
export class Slot {
  status: OutboxStatus = 'pending';
  #delivery: Delivery | undefined = undefined;

  constructor(
    public message: OutboxMessage,
    public version: number,
  ) {}

  #held(): Delivery {
    this.#delivery ??= {
      attempts: 0,
      nextAttemptAt: this.message.notBefore,
      lastError: null,
      sentAt: null,
      lease: null,
      leaseUntil: Number.NEGATIVE_INFINITY,
    };
    return this.#delivery;
  }

  get attempts(): number {
    return this.#delivery?.attempts ?? 0;
  }
  set attempts(value: number) {
    this.#held().attempts = value;
  }
  get nextAttemptAt(): number {
    return this.#delivery === undefined ? this.message.notBefore : this.#delivery.nextAttemptAt;
  }
  set nextAttemptAt(value: number) {
    this.#held().nextAttemptAt = value;
  }
  get lastError(): string | null {
    return this.#delivery?.lastError ?? null;
  }
  set lastError(value: string | null) {
    if (value !== null || this.#delivery !== undefined) this.#held().lastError = value;
  }
  get sentAt(): number | null {
    return this.#delivery?.sentAt ?? null;
  }
  set sentAt(value: number | null) {
    this.#held().sentAt = value;
  }
  get lease(): string | null {
    return this.#delivery?.lease ?? null;
  }
  set lease(value: string | null) {
    if (value !== null || this.#delivery !== undefined) this.#held().lease = value;
  }
  get leaseUntil(): number {
    return this.#delivery === undefined ? Number.NEGATIVE_INFINITY : this.#delivery.leaseUntil;
  }
  set leaseUntil(value: number) {
    this.#held().leaseUntil = value;
  }

  /** Everything it holds, bookkeeping included (`dump`). */
  toJSON(): unknown {
    return { message: this.message, status: this.status, version: this.version, delivery: this.#delivery };
  }
}

/**
 * What the outbox keeps for a message: the frozen message itself while it is pending and nothing happened to it
 * (a fresh message: no attempt, due at `notBefore`, version `FRESH`), else its `Slot`. Most messages of a large
 * store wait unclaimed: a slot of their own would be 56 bytes each.
 */
export type Held = Slot | OutboxMessage;

/** The version of a fresh message (every slot's version is above it). */
export const FRESH = 0;

export const messageOf = (held: Held): OutboxMessage => (held instanceof Slot ? held.message : held);
export const statusOf = (held: Held): OutboxStatus => (held instanceof Slot ? held.status : 'pending');
export const versionOf = (held: Held): number => (held instanceof Slot ? held.version : FRESH);

/** The entry a reader gets: a fresh object (the message's nested values are frozen and shared). */
export const entryOf = (held: Held): OutboxEntry =>
  held instanceof Slot
    ? {
        ...held.message,
        status: held.status,
        attempts: held.attempts,
        nextAttemptAt: held.nextAttemptAt,
        lastError: held.lastError,
        sentAt: held.sentAt,
      }
    : {
        ...held,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: held.notBefore,
        lastError: null,
        sentAt: null,
      };

/** Whether a message holds no text any more (compacted by `Store.compactOutbox`, or erased by `forgetUser`). */
export const textless = (slot: Slot): boolean =>
  slot.message.body === '' &&
  slot.message.subject === null &&
  (slot.message.data === EMPTY_OBJECT || Object.keys(slot.message.data).length === 0) &&
  slot.lastError === null;
