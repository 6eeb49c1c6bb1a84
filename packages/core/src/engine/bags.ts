/*
 * A user's `attributes` and `counts` are JSON objects used as dictionaries: their keys differ from user to
 * user, and every dispatch that changes one makes a new copy (stored values are never written). V8 gives
 * each key order its own hidden class, so with thousands of users copies go megamorphic and cost about
 * 100 ns per key, and an object grown one key at a time by keyed stores falls into dictionary mode, where
 * a 40-key copy costs several µs. Two rules keep those copies cheap:
 * - a write that changes nothing makes no copy;
 * - a new key rebuilds the object in sorted key order (through `Object.fromEntries`, which builds fast
 *   objects), so users with the same keys share one hidden class and later copies stay on V8's fast path.
 * Keys are defined, never assigned, so a key like `__proto__` is an ordinary own property.
 */

type Bag = Readonly<Record<string, unknown>>;

const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** `bag` with `key` set to `value` (the same object when it already holds exactly that value). */
export function withEntry<T extends Bag>(bag: T, key: string, value: unknown): T {
  if (Object.hasOwn(bag, key)) {
    if (bag[key] === value) return bag;
    return { ...bag, [key]: value };
  }
  const entries = Object.entries(bag);
  entries.push([key, value]);
  entries.sort(byKey);
  return Object.fromEntries(entries) as T;
}

/** `bag` without `key` (the same object when the key is absent). */
export function withoutEntry<T extends Bag>(bag: T, key: string): T {
  if (!Object.hasOwn(bag, key)) return bag;
  const entries = Object.entries(bag).filter((entry) => entry[0] !== key);
  return Object.fromEntries(entries) as T;
}
