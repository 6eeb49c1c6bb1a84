import { EngageLoopError } from '../errors/error';
import { forgottenUserId } from './keys';
import { pseudonymiseDedupeKey } from './pseudonymise';
import { createReadyQueue, type ReadyItem } from './ready-queue';
import type { ClaimedMessage, ClaimOptions, OutboxEntry, OutboxFilter, OutboxMessage } from './types';

interface Slot {
  entry: OutboxEntry;
  lease: string | null;
  leaseUntil: number;
  version: number;
}

/** The memory store's outbox: entries by id, dedupe keys, and a readiness index for claims. */
export interface MemoryOutbox {
  has(dedupeKey: string): boolean;
  /** Enqueues the message, taking ownership of it (the caller copied it and checked the dedupe key). */
  enqueue(message: OutboxMessage): void;
  /** Pending → cancelled, by dedupe key. */
  cancel(dedupeKey: string): void;
  claim(options: ClaimOptions): ClaimedMessage[];
  ack(id: string, lease: string, now: number): void;
  retry(id: string, lease: string, update: { error: string; nextAttemptAt: number }): void;
  deadLetter(id: string, lease: string, update: { error: string; now: number }): void;
  list(filter: OutboxFilter): OutboxEntry[];
  forgetUser(userId: string): void;
}

const leaseLost = (id: string): EngageLoopError => new EngageLoopError('OUTBOX_LEASE_LOST', { data: { id } });

const byCreated = (a: OutboxEntry, b: OutboxEntry): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function createMemoryOutbox(): MemoryOutbox {
  const slots = new Map<string, Slot>();
  const idByDedupe = new Map<string, string>();
  const queue = createReadyQueue();
  let leases = 0;
  // Versions are global so a re-created id never matches an item left over from its predecessor.
  let versions = 0;

  const push = ({ entry, leaseUntil, version }: Slot): void => {
    if (entry.status !== 'pending') return;
    const readyAt = Math.max(entry.notBefore, entry.nextAttemptAt, leaseUntil);
    queue.push({ id: entry.id, readyAt, rank: entry.createdAt, version });
  };

  /** Indexes a pending slot for claims; rebuilds the index when stale items pile up. */
  const schedule = (slot: Slot): void => {
    push(slot);
    if (queue.size() > 2 * slots.size + 1024) {
      queue.clear();
      for (const live of slots.values()) push(live);
    }
  };

  /** The slot of a claimed message whose lease `lease` is still held at `now` (if given). */
  const held = (id: string, lease: string, now?: number): Slot => {
    const slot = slots.get(id);
    if (slot === undefined || slot.entry.status !== 'pending' || slot.lease !== lease) throw leaseLost(id);
    if (now !== undefined && now >= slot.leaseUntil) throw leaseLost(id);
    return slot;
  };

  const judge =
    (now: number) =>
    (item: ReadyItem): 'take' | 'stale' | 'later' => {
      const slot = slots.get(item.id);
      if (slot === undefined || slot.version !== item.version || slot.entry.status !== 'pending')
        return 'stale';
      const { entry } = slot;
      return entry.notBefore <= now && entry.nextAttemptAt <= now && slot.leaseUntil <= now
        ? 'take'
        : 'later';
    };

  return {
    has: (dedupeKey) => idByDedupe.has(dedupeKey),
    enqueue(message) {
      const entry: OutboxEntry = {
        ...message,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: message.notBefore,
        lastError: null,
        sentAt: null,
      };
      const slot: Slot = { entry, lease: null, leaseUntil: Number.NEGATIVE_INFINITY, version: ++versions };
      slots.set(entry.id, slot);
      idByDedupe.set(entry.dedupeKey, entry.id);
      schedule(slot);
    },
    cancel(dedupeKey) {
      const id = idByDedupe.get(dedupeKey);
      const slot = id === undefined ? undefined : slots.get(id);
      if (slot === undefined || slot.entry.status !== 'pending') return;
      slot.entry.status = 'cancelled';
      slot.lease = null;
      slot.version = ++versions;
    },
    claim({ now, limit, leaseMs, worker }) {
      const items = queue.take(now, limit, judge(now));
      return items.map((item) => {
        const slot = slots.get(item.id)!;
        leases++;
        slot.lease = `${worker}:${leases}`;
        slot.leaseUntil = now + leaseMs;
        schedule(slot);
        return { ...structuredClone(slot.entry), lease: slot.lease };
      });
    },
    ack(id, lease, now) {
      const slot = held(id, lease, now);
      slot.entry.status = 'sent';
      slot.entry.sentAt = now;
      slot.entry.nextAttemptAt = now;
      slot.lease = null;
      slot.version = ++versions;
    },
    retry(id, lease, { error, nextAttemptAt }) {
      const slot = held(id, lease);
      slot.entry.attempts++;
      slot.entry.lastError = error;
      slot.entry.nextAttemptAt = nextAttemptAt;
      slot.lease = null;
      slot.leaseUntil = Number.NEGATIVE_INFINITY;
      slot.version = ++versions;
      schedule(slot);
    },
    deadLetter(id, lease, { error, now }) {
      const slot = held(id, lease, now);
      slot.entry.status = 'dead';
      slot.entry.attempts++;
      slot.entry.lastError = error;
      slot.lease = null;
      slot.version = ++versions;
    },
    list({ userId, status, kind }) {
      const out: OutboxEntry[] = [];
      for (const { entry } of slots.values()) {
        if (userId !== undefined && entry.userId !== userId) continue;
        if (status !== undefined && entry.status !== status) continue;
        if (kind !== undefined && entry.kind !== kind) continue;
        out.push(structuredClone(entry));
      }
      return out.sort(byCreated);
    },
    forgetUser(userId) {
      const pseudonym = forgottenUserId(userId);
      for (const [id, slot] of slots) {
        const { entry } = slot;
        if (entry.userId !== userId) continue;
        if (entry.status === 'pending') {
          slots.delete(id);
          idByDedupe.delete(entry.dedupeKey);
          continue;
        }
        entry.userId = pseudonym;
        const dedupeKey = pseudonymiseDedupeKey(entry.dedupeKey, id, userId, (key) => idByDedupe.has(key));
        idByDedupe.delete(entry.dedupeKey);
        idByDedupe.set(dedupeKey, id);
        entry.dedupeKey = dedupeKey;
        entry.body = '';
        entry.subject = null;
        entry.data = {};
      }
    },
  };
}
