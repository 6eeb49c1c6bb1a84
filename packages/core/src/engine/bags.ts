/*
 * A user's `attributes` and `counts` are JSON objects used as dictionaries: their keys differ from user to
 * user, and a dispatch that changes one makes a new copy (stored values are never written). V8 gives each
 * key order its own hidden class, so with thousands of users copies go megamorphic (about 100 ns per key),
 * and an object grown one key at a time by keyed stores falls into dictionary mode, where a 40-key copy
 * costs several µs. So:
 * - a write that changes nothing makes no copy (rule values are literals: most writes repeat a value);
 * - copies are object literals (`{ ...bag, [key]: value }`), never keyed stores into a fresh object;
 * - `counts`, whose keys are the policy's few event types, keeps them sorted: a new key rebuilds the bag
 *   in sorted order, so users who have seen the same types share one hidden class and the copy each
 *   event makes stays on V8's fast path (2.2 µs → 0.36 µs per copy, measured on 5,000 users' stored
 *   counts). Attributes are many and differ per user: there a sorted rebuild costs more than it shares.
 * Keys are defined, never assigned, so a key like `__proto__` is an ordinary own property.
 */

type Bag = Readonly<Record<string, unknown>>;

const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * `bag` with `key` set to `value`: the same object when it already holds exactly that value. With
 * `sorted`, a new key rebuilds the bag with its keys in sorted order.
 */
export function withEntry<T extends Bag>(bag: T, key: string, value: unknown, sorted = false): T {
  // One keyed load decides the common case. An inherited member (`toString`, the `__proto__` accessor)
  // is a function or Object.prototype, never a JSON value, so equality means the bag owns the key.
  if (bag[key] === value && value !== undefined) return bag;
  if (!sorted || Object.hasOwn(bag, key)) return { ...bag, [key]: value };
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
