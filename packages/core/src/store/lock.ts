/** Releases the locks taken by one `acquire`. Calling it twice is harmless. */
export type Release = () => void;

/** Exclusive, FIFO per-key locks within one process. */
export interface KeyLock {
  /** Takes every key (in sorted order, so two callers never deadlock) and resolves once all are held. */
  acquire(keys: readonly string[]): Promise<Release>;
  /**
   * Takes every key at once if none is held (no waiting, no promise), else takes nothing and returns
   * `undefined`; the caller then uses `acquire`.
   */
  tryAcquire(keys: readonly string[]): Release | undefined;
}

/** Held keys map to their waiters (`null`: held, nobody waiting); free keys are absent. */
type Waiters = Array<() => void> | null;

/**
 * Distinct keys in sorted order: the usual one or two keys without a Set, and keys that already come strictly
 * ascending (a batch's, which the engine sorts and dedupes) copied as they are, without a Set and a sort.
 */
function ordered(keys: readonly string[]): readonly string[] {
  if (keys.length <= 1) return keys.slice();
  if (keys.length === 2) {
    const [a, b] = keys as [string, string];
    return a === b ? [a] : a < b ? [a, b] : [b, a];
  }
  let i = 1;
  while (i < keys.length && (keys[i - 1] as string) < (keys[i] as string)) i++;
  return i === keys.length ? keys.slice() : [...new Set(keys)].sort();
}

/**
 * Creates an in-process key lock: work on one key is serialised first come, first served;
 * work on different keys runs concurrently. Keys are taken in sorted order (no deadlock).
 *
 * @example
 * const lock = createKeyLock();
 * const release = lock.tryAcquire(['user:a']) ?? (await lock.acquire(['user:a', 'budget:2026-01']));
 * try { … } finally { release(); }
 */
export function createKeyLock(): KeyLock {
  const slots = new Map<string, Waiters>();
  /**
   * The keys a `tryAcquire` took when no key was held, kept as its sorted list rather than one map entry per key:
   * one unit of work at a time (the usual case) sets and deletes no entry (a batch of 500 keys grew and shrank the
   * map's table each time: ~250 bytes per event). Any other caller first puts them in the map (`spill`).
   */
  let alone: Alone | undefined;

  const spill = (): void => {
    if (alone === undefined) return;
    for (const key of alone.keys) slots.set(key, null);
    alone.spilled = true;
    alone = undefined;
  };

  const give = (key: string): void => {
    const waiters = slots.get(key);
    if (waiters === undefined) return;
    const next = waiters === null ? undefined : waiters.shift();
    if (next === undefined) slots.delete(key);
    else {
      if (waiters!.length === 0) slots.set(key, null);
      next();
    }
  };

  const releaser = (held: readonly string[]): Release => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (let i = held.length - 1; i >= 0; i--) give(held[i]!);
    };
  };

  /** Releases `held`: nothing to give back while its keys were not spilled. */
  const releaseAlone = (held: Alone): Release => {
    const inMap = releaser(held.keys);
    return () => {
      if (held.spilled) inMap();
      else if (alone === held) alone = undefined;
    };
  };

  return {
    tryAcquire(keys) {
      const sorted = ordered(keys);
      if (alone === undefined && slots.size === 0) {
        alone = { keys: sorted, spilled: false };
        return releaseAlone(alone);
      }
      spill();
      for (const key of sorted) if (slots.has(key)) return undefined;
      for (const key of sorted) slots.set(key, null);
      return releaser(sorted);
    },
    async acquire(keys) {
      spill();
      const sorted = ordered(keys);
      for (const key of sorted) {
        const waiters = slots.get(key);
        if (waiters === undefined) {
          slots.set(key, null);
          continue;
        }
        await new Promise<void>((resolve) => {
          if (waiters === null) slots.set(key, [resolve]);
          else waiters.push(resolve);
        });
      }
      return releaser(sorted);
    },
  };
}

/** The keys one `tryAcquire` holds outside the map, until another caller spills them into it. */
interface Alone {
  readonly keys: readonly string[];
  spilled: boolean;
}
