import { counterNamesUser, pseudonymCounterKey } from './pseudonymise';
import { compareCodePoints } from './queries';
import type { CounterEntry, TopCountersOptions } from './types';

/** Whether `a` lists before `b`: higher value first, then lower key (code point order). */
const ranksBefore = (a: CounterEntry, b: CounterEntry): boolean =>
  a.value !== b.value ? a.value > b.value : compareCodePoints(a.key, b.key) < 0;

/** The first index of `sorted` whose key is not below `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCodePoints(sorted[mid] as string, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A bounded heap of the best `limit` entries seen, worst at the root: `top` visits a prefix's counters once
 * and keeps `limit` of them, instead of sorting the family.
 */
class BestOf {
  readonly #heap: CounterEntry[] = [];
  constructor(private readonly limit: number) {}

  offer(entry: CounterEntry): void {
    const heap = this.#heap;
    if (heap.length < this.limit) {
      heap.push(entry);
      this.#up(heap.length - 1);
    } else if (heap.length > 0 && ranksBefore(entry, heap[0] as CounterEntry)) {
      heap[0] = entry;
      this.#down(0);
    }
  }

  /** The entries kept, best first. */
  ranked(): CounterEntry[] {
    return this.#heap.sort((a, b) => (ranksBefore(a, b) ? -1 : 1));
  }

  /** `a` is worse than `b`: it belongs nearer the root. */
  #worse(a: number, b: number): boolean {
    return ranksBefore(this.#heap[b] as CounterEntry, this.#heap[a] as CounterEntry);
  }

  #swap(a: number, b: number): void {
    const heap = this.#heap;
    [heap[a], heap[b]] = [heap[b] as CounterEntry, heap[a] as CounterEntry];
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!this.#worse(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const n = this.#heap.length;
    for (;;) {
      let worst = i;
      for (const child of [2 * i + 1, 2 * i + 2]) if (child < n && this.#worse(child, worst)) worst = child;
      if (worst === i) return;
      this.#swap(i, worst);
      i = worst;
    }
  }
}

/**
 * The memory store's shared counters: values by key, and the keys in code point order for `top`. A new key
 * waits in a list until the next `top`, which sorts the new keys and merges them in: bumping an existing
 * counter costs one map write, and a leaderboard read costs the new keys' sort plus a pass over its family.
 */
export class MemoryCounters {
  readonly #values = new Map<string, number>();
  #sorted: string[] = [];
  #fresh: string[] = [];

  get(key: string): number | undefined {
    return this.#values.get(key);
  }

  /** Adds `delta` to the counter (an absent one counts from 0). */
  add(key: string, delta: number): void {
    const value = this.#values.get(key);
    if (value === undefined) this.#fresh.push(key);
    this.#values.set(key, (value ?? 0) + delta);
  }

  /**
   * `Store.forgetUser`'s part: every counter under `prefixes` that names `userId` (`counterNamesUser`) is
   * renamed to end with `pseudonym`, its value added to that counter's when it exists.
   */
  renameUser(prefixes: readonly string[], userId: string, pseudonym: string): void {
    const sorted = this.#keysInOrder();
    const named = new Set<string>();
    for (const prefix of prefixes) {
      for (let i = lowerBound(sorted, prefix); i < sorted.length && sorted[i]?.startsWith(prefix); i++) {
        const key = sorted[i] as string;
        if (counterNamesUser(key, prefixes, userId)) named.add(key);
      }
    }
    if (named.size === 0) return;
    this.#sorted = sorted.filter((key) => !named.has(key));
    for (const key of named) {
      const value = this.#values.get(key) as number;
      this.#values.delete(key);
      this.add(pseudonymCounterKey(key, userId, pseudonym), value);
    }
  }

  entries(): IterableIterator<[string, number]> {
    return this.#values.entries();
  }

  /** `Store.topCounters` (options already checked). */
  top(prefix: string, { limit, after }: TopCountersOptions): CounterEntry[] {
    if (limit === 0) return [];
    const sorted = this.#keysInOrder();
    const best = new BestOf(limit);
    for (let i = lowerBound(sorted, prefix); i < sorted.length; i++) {
      const key = sorted[i] as string;
      if (!key.startsWith(prefix)) break;
      const entry = { key, value: this.#values.get(key) as number };
      if (after === undefined || ranksBefore(after, entry)) best.offer(entry);
    }
    return best.ranked();
  }

  #keysInOrder(): string[] {
    const fresh = this.#fresh;
    if (fresh.length === 0) return this.#sorted;
    fresh.sort(compareCodePoints);
    const old = this.#sorted;
    const merged: string[] = new Array(old.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < fresh.length)
      merged[k++] = (
        compareCodePoints(old[i] as string, fresh[j] as string) <= 0 ? old[i++] : fresh[j++]
      ) as string;
    while (i < old.length) merged[k++] = old[i++] as string;
    while (j < fresh.length) merged[k++] = fresh[j++] as string;
    this.#sorted = merged;
    this.#fresh = [];
    return this.#sorted;
  }
}
