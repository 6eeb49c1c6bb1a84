/** Releases the locks taken by one `acquire`. Calling it twice is harmless. */
export type ReleaseKeys = () => void;

/** Exclusive, first-come-first-served per-key locks within one process. */
export interface KeyLock {
  /** Takes every key in sorted order (two callers never deadlock); resolves once all are held. */
  acquire(keys: readonly string[]): Promise<ReleaseKeys>;
}

/**
 * Creates an in-process key lock: work on one key is serialised, work on different keys runs concurrently.
 *
 * @example
 * const lock = createKeyLock();
 * const release = await lock.acquire(['user:a']);
 * try { … } finally { release(); }
 */
export function createKeyLock(): KeyLock {
  // A key is present while held; its array holds the waiters in arrival order.
  const waiting = new Map<string, Array<() => void>>();

  const take = (key: string): Promise<void> => {
    const queue = waiting.get(key);
    if (queue === undefined) {
      waiting.set(key, []);
      return Promise.resolve();
    }
    return new Promise((resolve) => queue.push(resolve));
  };

  const give = (key: string): void => {
    const queue = waiting.get(key);
    if (queue === undefined) return;
    const next = queue.shift();
    if (next === undefined) waiting.delete(key);
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
