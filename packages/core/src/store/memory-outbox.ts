import { EngageLoopError } from '../errors/error';
import { AgeHeap } from './age-heap';
import { flat } from './flat';
import { EMPTY_OBJECT, freezeJson } from './freeze';
import {
  entryOf,
  FRESH,
  type Held,
  messageOf,
  Slot,
  statusOf,
  textless,
  versionOf,
} from './memory-outbox-slot';
import type { ClaimedMessage, OutboxEntry, OutboxMessage } from './outbox-types';
import { pseudonymiseAll, uniqueKey } from './pseudonymise';
import { createReadyQueue, type ReadyItem } from './ready-queue';
import type { ClaimOptions, OutboxFilter } from './types';

/** The memory store's outbox: entries by id, dedupe keys, and a readiness index for claims. */
export interface MemoryOutbox {
  has(dedupeKey: string): boolean;
  /** Enqueues a frozen message (the caller checked the dedupe key). */
  enqueue(message: OutboxMessage): void;
  /** Pending → cancelled, by dedupe key; finished at `at` (the commit's time), else when it was next due. */
  cancel(dedupeKey: string, at: number | undefined): void;
  claim(options: ClaimOptions): ClaimedMessage[];
  ack(id: string, lease: string, now: number): void;
  retry(id: string, lease: string, update: { error: string; nextAttemptAt: number }): void;
  deadLetter(id: string, lease: string, update: { error: string; now: number }): void;
  list(filter: OutboxFilter): OutboxEntry[];
  /** The outbox's part of `Store.forgetUser`: unsent messages go, sent and dead ones are pseudonymised. */
  forgetUser(userId: string, pseudonym: string): void;
  /**
   * `Store.compactOutbox`: messages that finished (sent, dead or cancelled) before `before` lose their texts (at most
   * `limit`, oldest first); returns how many.
   */
  compact(before: number, limit: number): number;
  /** Erases the texts of messages whose dedupe key starts with one of `prefixes`; pending ones are cancelled. */
  eraseQuotes(prefixes: readonly string[]): void;
  /** Everything held, dedupe and readiness indexes included: for inspection (tests). */
  dump(): unknown;
}

const leaseLost = (id: string): EngageLoopError => new EngageLoopError('OUTBOX_LEASE_LOST', { data: { id } });

const byCreated = (a: OutboxMessage, b: OutboxMessage): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** How the memory outbox keeps messages (see `MemoryStoreOptions.outbox`). */
export interface MemoryOutboxOptions {
  /**
   * Keep a delivered (acked) message with its text, for `listMessages` (default true). False: an ack frees the
   * message and keeps only its dedupe key (with its user, for `forgetUser`), so a run that drains as it goes —
   * the CLI's simulations — holds memory for the messages still pending, not for every message ever sent.
   */
  keepSent?: boolean;
}

export function createMemoryOutbox(options: MemoryOutboxOptions = {}): MemoryOutbox {
  const keepSent = options.keepSent ?? true;
  const slots = new Map<string, Held>();
  const idByDedupe = new Map<string, string>();
  /** Dedupe keys of delivered messages that were let go (`keepSent: false`), with their user. */
  const sentKeys = new Map<string, string>();
  const queue = createReadyQueue();
  /** Finished (sent, dead or cancelled) messages by the time they finished, oldest first: what `compact` takes. */
  const finished = new AgeHeap<{ committedAt: number; slot: Slot }>();
  let leases = 0;
  // Versions are global so a re-created id never matches an item left over from its predecessor.
  let versions = 0;

  const push = (held: Held): void => {
    if (!(held instanceof Slot)) {
      queue.push({ id: held.id, readyAt: held.notBefore, rank: held.createdAt, version: FRESH });
      return;
    }
    const { message, status, version } = held;
    if (status !== 'pending') return;
    const readyAt = Math.max(message.notBefore, held.nextAttemptAt, held.leaseUntil);
    queue.push({ id: message.id, readyAt, rank: message.createdAt, version });
  };

  /** The slot of message `id`, made for a fresh message (same version: its readiness item stays current). */
  const slotOf = (id: string): Slot | undefined => {
    const held = slots.get(id);
    if (held === undefined || held instanceof Slot) return held;
    const slot = new Slot(held, FRESH);
    slots.set(id, slot);
    return slot;
  };

  /** Indexes a pending slot for claims; rebuilds the index when stale items pile up. */
  const schedule = (slot: Held): void => {
    push(slot);
    if (queue.size() > 2 * slots.size + 1024) {
      queue.clear();
      for (const live of slots.values()) push(live);
    }
  };

  /** The slot of a claimed message whose lease `lease` is still held at `now` (if given). */
  const held = (id: string, lease: string, now?: number): Slot => {
    const slot = slots.get(id);
    // A fresh message was never claimed: no lease of it is held.
    if (!(slot instanceof Slot) || slot.status !== 'pending' || slot.lease !== lease) throw leaseLost(id);
    if (now !== undefined && now >= slot.leaseUntil) throw leaseLost(id);
    return slot;
  };

  const judge =
    (now: number) =>
    (item: ReadyItem): 'take' | 'stale' | 'later' => {
      const slot = slots.get(item.id);
      if (slot === undefined || versionOf(slot) !== item.version || statusOf(slot) !== 'pending')
        return 'stale';
      if (!(slot instanceof Slot)) return slot.notBefore <= now ? 'take' : 'later';
      return slot.message.notBefore <= now && slot.nextAttemptAt <= now && slot.leaseUntil <= now
        ? 'take'
        : 'later';
    };

  return {
    has: (dedupeKey) => idByDedupe.has(dedupeKey) || sentKeys.has(dedupeKey),
    enqueue(message) {
      // Flat key texts (see `flat`): a dedupe key built by concatenation is otherwise kept as a rope.
      // A message whose id is already held gets a slot of its own (a new version), so the readiness item of
      // the one it replaces goes stale; otherwise it is held fresh, as it is.
      const slot = slots.has(message.id) ? new Slot(message, ++versions) : message;
      slots.set(flat(message.id), slot);
      flat(message.dedupeKey);
      idByDedupe.set(message.dedupeKey, message.id);
      schedule(slot);
    },
    cancel(dedupeKey, at) {
      const id = idByDedupe.get(dedupeKey);
      const slot = id === undefined ? undefined : slotOf(id);
      if (slot === undefined || slot.status !== 'pending') return;
      slot.status = 'cancelled';
      slot.lease = null;
      slot.version = ++versions;
      if (at !== undefined) slot.nextAttemptAt = at;
      finished.push({ committedAt: slot.nextAttemptAt, slot });
    },
    claim({ now, limit, leaseMs, worker }) {
      const items = queue.take(now, limit, judge(now));
      return items.map((item) => {
        const slot = slotOf(item.id)!;
        leases++;
        slot.lease = `${worker}:${leases}`;
        slot.leaseUntil = now + leaseMs;
        // A new version: no item pushed before this claim (a fresh message's included) is current any more.
        slot.version = ++versions;
        schedule(slot);
        return { ...entryOf(slot), lease: slot.lease };
      });
    },
    ack(id, lease, now) {
      const slot = held(id, lease, now);
      if (!keepSent) {
        slots.delete(id);
        idByDedupe.delete(slot.message.dedupeKey);
        sentKeys.set(slot.message.dedupeKey, slot.message.userId);
        return;
      }
      slot.status = 'sent';
      slot.sentAt = now;
      slot.nextAttemptAt = now;
      slot.lease = null;
      slot.version = ++versions;
      finished.push({ committedAt: now, slot });
    },
    retry(id, lease, { error, nextAttemptAt }) {
      const slot = held(id, lease);
      slot.attempts++;
      slot.lastError = error;
      slot.nextAttemptAt = nextAttemptAt;
      slot.lease = null;
      slot.leaseUntil = Number.NEGATIVE_INFINITY;
      slot.version = ++versions;
      schedule(slot);
    },
    deadLetter(id, lease, { error, now }) {
      const slot = held(id, lease, now);
      slot.status = 'dead';
      slot.attempts++;
      slot.lastError = error;
      // When it finished, as for a sent message: what `compact` compares with `before`.
      slot.nextAttemptAt = now;
      slot.lease = null;
      slot.version = ++versions;
      finished.push({ committedAt: now, slot });
    },
    compact(before, limit) {
      let count = 0;
      while (count < limit) {
        const oldest = finished.peek();
        if (oldest === undefined || !(oldest.committedAt < before)) break;
        finished.pop();
        const { slot } = oldest;
        // Gone or replaced meanwhile (a message's id re-used), or already without text (forgotten, erased).
        if (slots.get(slot.message.id) !== slot || textless(slot)) continue;
        slot.message = freezeJson(
          { ...slot.message, body: '', subject: null, data: EMPTY_OBJECT },
          `message "${slot.message.id}"`,
        );
        slot.lastError = null;
        count++;
      }
      return count;
    },
    list({ userId, status, kind }) {
      const out: OutboxEntry[] = [];
      for (const slot of slots.values()) {
        const message = messageOf(slot);
        if (userId !== undefined && message.userId !== userId) continue;
        if (status !== undefined && statusOf(slot) !== status) continue;
        if (kind !== undefined && message.kind !== kind) continue;
        out.push(entryOf(slot));
      }
      return out.sort(byCreated);
    },
    forgetUser(userId, pseudonym) {
      const kept: Slot[] = [];
      for (const [id, slot] of slots) {
        const message = messageOf(slot);
        if (message.userId !== userId) continue;
        slots.delete(id);
        idByDedupe.delete(message.dedupeKey);
        if (slot instanceof Slot && (slot.status === 'sent' || slot.status === 'dead')) kept.push(slot);
      }
      const rename = (text: string) => pseudonymiseAll(text, userId, pseudonym);
      const taken = (key: string) => idByDedupe.has(key) || sentKeys.has(key);
      const theirs = [...sentKeys].filter(([, owner]) => owner === userId).map(([key]) => key);
      for (const key of theirs) {
        sentKeys.delete(key);
        sentKeys.set(uniqueKey(rename(key), taken), pseudonym);
      }
      for (const slot of kept) {
        const { message } = slot;
        const id = uniqueKey(rename(message.id), (key) => slots.has(key));
        const dedupeKey = uniqueKey(rename(message.dedupeKey), taken);
        slot.message = freezeJson(
          {
            ...message,
            id,
            userId: pseudonym,
            eventId: rename(message.eventId),
            dedupeKey,
            body: '',
            subject: null,
            data: EMPTY_OBJECT,
          },
          `message "${id}"`,
        );
        slot.lastError = null;
        slots.set(id, slot);
        idByDedupe.set(dedupeKey, id);
      }
      // No readiness item may still name a forgotten message.
      queue.clear();
      for (const live of slots.values()) push(live);
    },
    eraseQuotes(prefixes) {
      if (prefixes.length === 0) return;
      for (const [id, held] of slots) {
        const message = messageOf(held);
        if (!prefixes.some((prefix) => message.dedupeKey.startsWith(prefix))) continue;
        const slot = slotOf(id) as Slot;
        slot.message = freezeJson(
          { ...message, body: '', subject: null, data: EMPTY_OBJECT },
          `message "${message.id}"`,
        );
        if (slot.status === 'pending') {
          slot.status = 'cancelled';
          slot.lease = null;
          slot.version = ++versions;
        }
      }
    },
    dump: () => ({
      slots: [...slots.entries()],
      dedupe: [...idByDedupe.entries()],
      sent: [...sentKeys.entries()],
      queue: queue.items(),
    }),
  };
}
