import { compareCodePoints } from '../store/queries';
import type { CounterEntry } from '../store/types';

/* The values a dispatch state builds: its user's slices, its view of a leaderboard. */

/**
 * A value a frozen bag may hold as it is: a primitive other than a function, or a frozen object (frozen all the way
 * down, as everything a store froze is). What `freezeJson` would not visit either.
 */
export const settled = (value: unknown): boolean =>
  typeof value === 'object' ? value === null || Object.isFrozen(value) : typeof value !== 'function';

/** Ranks leaderboard entries: value descending, then key ascending in code point order. */
const byRank = (a: CounterEntry, b: CounterEntry): number =>
  b.value - a.value || compareCodePoints(a.key, b.key);

/**
 * A leaderboard with this dispatch's own counter changes under `prefix` applied: the listed entries re-valued,
 * then re-ranked (value descending, key ascending). A counter outside the loaded list that this dispatch bumped is
 * not listed (its committed value is unknown): `prepare` loads a list long enough for what the event reads.
 */
export function withDeltas(
  entries: readonly CounterEntry[],
  deltas: ReadonlyMap<string, number>,
  limit: number,
): readonly CounterEntry[] {
  const next = entries.map((e) => ({ key: e.key, value: e.value + (deltas.get(e.key) ?? 0) }));
  return next.sort(byRank).slice(0, limit);
}

/**
 * `{ ...slices, [plugin]: next }`, built key by key from an empty literal. V8 gives a spread whose computed key
 * overwrites a key of its source (a plugin's second `setSlice` in one dispatch) a map of its own outside the
 * transition tree, and freezing such an object (the store does) copies that map for every object: 130 bytes of
 * map and descriptors per stored user (heap snapshot of the memory bench). Added key by key, every user's
 * slices share one map. Key order is the spread's; `__proto__` (never a plugin name) keeps the spread.
 */
export function withSlice(
  slices: Record<string, unknown>,
  plugin: string,
  next: unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in slices) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see plugin/bags.ts)
    if (!Object.prototype.hasOwnProperty.call(slices, key)) continue;
    if (key === '__proto__') return { ...slices, [plugin]: next };
    out[key] = slices[key];
  }
  if (plugin === '__proto__') return { ...slices, [plugin]: next };
  out[plugin] = next;
  return out;
}
