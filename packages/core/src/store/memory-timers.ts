import { freezeJson } from './freeze';
import { pseudonymisedDerived } from './pseudonymise';
import { createReadyQueue, type ReadyItem } from './ready-queue';
import type { ClaimOptions, TimerCompletion, TimerRecord, TimerRelease } from './types';

interface Slot {
  timer: TimerRecord;
  leaseUntil: number;
  version: number;
}

/**
 * The memory store's timers: frozen records by id (handed out as they are) and a readiness index so claims
 * don't scan every timer.
 */
export interface MemoryTimers {
  /** Upsert by id of a frozen record: re-arming replaces dueAt and payload and clears any lease. */
  schedule(timer: TimerRecord): void;
  cancel(id: string): void;
  /** Deletes the timer unless it was re-armed (its dueAt or its generation changed) meanwhile. */
  complete(done: TimerCompletion): void;
  claim(options: ClaimOptions): TimerRecord[];
  /**
   * Records a failed firing and keeps the timer from being claimed before `retryAt`, unless it was re-armed (its
   * dueAt or its generation changed) meanwhile.
   */
  release(release: TimerRelease): void;
  list(filter: { userId?: string }): TimerRecord[];
  /**
   * Deletes the user's timers (the readiness index is rebuilt, so no item names them any more) and
   * pseudonymises the payloads of other subjects' derived events (`pseudonymisedDerived`).
   */
  forgetUser(userId: string, pseudonym: string): void;
  /** Everything held, readiness index included: for inspection (tests). */
  dump(): unknown;
}

const byDue = (a: TimerRecord, b: TimerRecord): number =>
  a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function createMemoryTimers(): MemoryTimers {
  const slots = new Map<string, Slot>();
  const queue = createReadyQueue();
  let versions = 0;

  const item = (slot: Slot): ReadyItem => ({
    id: slot.timer.id,
    readyAt: Math.max(slot.timer.dueAt, slot.leaseUntil),
    rank: slot.timer.dueAt,
    version: slot.version,
  });

  const rebuild = (): void => {
    queue.clear();
    for (const live of slots.values()) queue.push(item(live));
  };

  /** Re-arming far ahead leaves stale items that only expire when due: rebuild when they pile up. */
  const push = (slot: Slot): void => {
    queue.push(item(slot));
    if (queue.size() > 2 * slots.size + 1024) rebuild();
  };

  const judge =
    (now: number) =>
    (item: ReadyItem): 'take' | 'stale' | 'later' => {
      const slot = slots.get(item.id);
      if (slot === undefined || slot.version !== item.version) return 'stale';
      return slot.timer.dueAt <= now && slot.leaseUntil <= now ? 'take' : 'later';
    };

  return {
    schedule(timer) {
      // Versions are global so a re-created id never matches an item left over from its predecessor.
      const slot: Slot = { timer, leaseUntil: Number.NEGATIVE_INFINITY, version: ++versions };
      slots.set(timer.id, slot);
      push(slot);
    },
    cancel(id) {
      slots.delete(id);
    },
    complete({ id, dueAt, generation }) {
      const timer = slots.get(id)?.timer;
      if (timer?.dueAt === dueAt && timer.generation === generation) slots.delete(id);
    },
    claim({ now, limit, leaseMs }) {
      return queue.take(now, limit, judge(now)).map((item) => {
        const slot = slots.get(item.id)!;
        slot.leaseUntil = now + leaseMs;
        push(slot);
        return slot.timer;
      });
    },
    release({ id, dueAt, generation, attempts, retryAt }) {
      const slot = slots.get(id);
      if (slot === undefined || slot.timer.dueAt !== dueAt || slot.timer.generation !== generation) return;
      slot.timer = freezeJson({ ...slot.timer, attempts }, 'timer', id);
      slot.leaseUntil = retryAt;
      slot.version = ++versions;
      push(slot);
    },
    list({ userId }) {
      const out: TimerRecord[] = [];
      for (const { timer } of slots.values()) {
        if (userId === undefined || timer.userId === userId) out.push(timer);
      }
      return out.sort(byDue);
    },
    forgetUser(userId, pseudonym) {
      for (const [id, slot] of slots) {
        if (slot.timer.userId === userId) {
          slots.delete(id);
          continue;
        }
        const timer = pseudonymisedDerived(slot.timer, userId, pseudonym);
        if (timer !== undefined) slot.timer = freezeJson(timer, 'timer', id);
      }
      rebuild();
    },
    dump: () => ({ timers: [...slots.entries()], queue: queue.items() }),
  };
}
