/** Releases the locks taken by one `acquire`. Calling it twice is harmless. */
export type Release = () => void;

/** Exclusive, FIFO per-key locks within one process. */
export interface KeyLock {
  /** Takes every key (in sorted order, so two callers never deadlock) and resolves once all are held. */
  acquire(keys: readonly string[]): Promise<Release>;
}

interface Slot {
  waiters: Array<() => void>;
}

/**
 * Creates an in-process key lock: work on one key is serialised first come, first served;
 * work on different keys runs concurrently. Keys are taken in sorted order (no deadlock).
 *
 * @example
 * const lock = createKeyLock();
 * const release = await lock.acquire(['user:a', 'budget:2026-01']);
 * try { … } finally { release(); }
 */
export function createKeyLock(): KeyLock {
  const slots = new Map<string, Slot>();

  const take = (key: string): Promise<void> => {
    const slot = slots.get(key);
    if (slot === undefined) {
      slots.set(key, { waiters: [] });
      return Promise.resolve();
    }
    return new Promise((resolve) => slot.waiters.push(resolve));
  };

  const give = (key: string): void => {
    const slot = slots.get(key);
    if (slot === undefined) return;
    const next = slot.waiters.shift();
    if (next === undefined) slots.delete(key);
    else next();
  };

  return {
    async acquire(keys) {
      const sorted = [...new Set(keys)].sort();
      const held: string[] = [];
      for (const key of sorted) {
        await take(key);
        held.push(key);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        for (const key of held.reverse()) give(key);
      };
    },
  };
}
