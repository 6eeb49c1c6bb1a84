/*
 * A user's `attributes` and `counts` are JSON objects used as dictionaries: their keys differ from user to
 * user, and a dispatch that changes one makes a new copy (stored values are never written). V8 gives each
 * key order its own hidden class, so with thousands of users an ordinary object per user carries its own
 * hidden class and descriptor array (twice, once more when frozen), keyed loads on them go megamorphic and
 * miss the cache, and an object grown one key at a time by keyed stores falls into a slow dictionary mode. So:
 * - a write that changes nothing makes no copy (rule values are literals: most writes repeat a value);
 * - a `sorted` bag (`counts`, whose keys are the policy's few event types) keeps its keys sorted: a new key
 *   rebuilds the bag in sorted order, so users who have seen the same types share one hidden class and the
 *   copy each event makes stays on V8's fast path (2.2 µs → 0.36 µs per copy, measured on 5,000 users'
 *   stored counts);
 * - an `attributes` bag is sorted the same way while it is small (up to SMALL_BAG keys: few key sets, shared
 *   hidden classes, 56 bytes for a bag of 1–3 keys). A larger one is copied into a null-prototype object,
 *   which V8 keeps as a hash table of its own: thousands of users' bags then share one hidden class, a keyed
 *   load is one lookup in the bag's own table, and there is no per-user shape to build or freeze (the
 *   40-rule bench, 5,000 users: −15–20% CPU per dispatch, fresh and steady state, against literal copies).
 *   A hash table takes more memory than a shared shape (1.7 KB against 0.36 KB for 40 keys when every user
 *   has the same keys in the same order), which is why small bags stay ordinary. A null prototype also means
 *   no inherited members: `__proto__`, `constructor` or `toString` are plain keys, like any other.
 * Keys are defined (or stored on a null-prototype object), never assigned through a setter, so a key like
 * `__proto__` is an ordinary own property.
 */

import { hasOwn } from '../has-own';

type Bag = Readonly<Record<string, unknown>>;

/** How a bag is copied: see above. */
export type BagLayout = 'sorted' | 'attributes';

/** An attributes bag with more keys than this becomes a null-prototype dictionary. */
export const SMALL_BAG = 8;

const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * `bag` with `key` set to `value`: the same object when it already holds exactly that value, else a copy
 * laid out as `layout` says (see above).
 */
export function withEntry<T extends Bag>(bag: T, key: string, value: unknown, layout: BagLayout): T {
  // One keyed load decides the common case. An inherited member (`toString`, the `__proto__` accessor)
  // is a function or Object.prototype, never a JSON value, so equality means the bag owns the key.
  if (bag[key] === value && value !== undefined) return bag;
  return withChangedEntry(bag, key, value, layout);
}

/**
 * `withEntry` for a caller that read `bag[key]` itself and found it is not `value` (or `value` is `undefined`):
 * always a copy, without the second keyed load of a megamorphic bag.
 */
export function withChangedEntry<T extends Bag>(bag: T, key: string, value: unknown, layout: BagLayout): T {
  if (Object.getPrototypeOf(bag) === null) {
    const copy = dictionaryOf(bag, undefined);
    copy[key] = value;
    return copy as T;
  }
  if (hasOwn(bag, key)) return replaced(bag, key, value) as T;
  const copy = sortedInsert(bag, key, value, layout === 'sorted' ? Number.POSITIVE_INFINITY : SMALL_BAG - 1);
  if (copy !== undefined) return copy as T;
  // Own entries only (an ordinary bag: a small one, or a document a SQL store parsed), whatever
  // Object.prototype holds.
  const entries = Object.entries(bag);
  entries.push([key, value]);
  if (layout === 'attributes' && entries.length > SMALL_BAG) {
    const copy = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of entries) copy[k] = v;
    return copy as T;
  }
  entries.sort(byKey);
  return Object.fromEntries(entries) as T;
}

/**
 * `{ ...bag, [key]: value }` (keys in the spread's order): the same object when `bag` holds exactly that value
 * already, a copy built key by key when it owns `key` (`replaced`: a spread of a frozen bag, what the memory
 * store keeps, takes V8's slow path), else the spread. For a profile, whose key order is the caller's.
 */
export function withValue<T extends Bag>(bag: T, key: string, value: unknown): T {
  if (bag[key] === value && value !== undefined && hasOwn(bag, key)) return bag;
  if (Object.getPrototypeOf(bag) === Object.prototype && hasOwn(bag, key))
    return replaced(bag, key, value) as T;
  return { ...bag, [key]: value };
}

/*
 * The loops over a bag's keys below are `for…in` loops, not loops over `Object.keys`: on an ordinary object
 * `for…in` walks V8's cached key list and reads each value by its place, where `Object.keys` copies that list
 * into a new array first. An inherited key `for…in` would also see (something set on Object.prototype) stops the
 * loop at once and leaves the bag to the slower path (a spread, or own entries sorted). That check is
 * `Object.prototype.hasOwnProperty.call`, which V8's optimizing compiler drops inside a `for…in` over the same
 * object when it sees that function as a constant (`Object.hasOwn` it keeps: about 30% of a small bag's copy; a
 * module constant holding `hasOwnProperty` it calls through the generic call builtin: 2.7 calls per event on the
 * memory row).
 */

/**
 * `{ ...bag, [key]: value }` for an ordinary `bag` that owns `key`, built key by key in the bag's order: a
 * spread of a frozen bag (what the memory store keeps) takes V8's slow path. A bag owning `__proto__` is
 * spread (an assignment would call the inherited setter instead of defining the key).
 */
function replaced(bag: Bag, key: string, value: unknown): Bag {
  const copy: Record<string, unknown> = {};
  for (const k in bag) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see above)
    if (k === '__proto__' || !Object.prototype.hasOwnProperty.call(bag, k)) return { ...bag, [key]: value };
    copy[k] = k === key ? value : bag[k];
  }
  return copy;
}

/**
 * A sorted bag's copy (keys in order) with `key` (which it does not own) put in its place: what sorting the
 * entries gives, without allocating and sorting an entry per key (4–5 times faster for the bags of 0–8 keys most
 * dispatches grow). `undefined` when the bag has more than `most` keys, its keys are not in `byKey` order (a
 * document a SQL store parsed, or integer keys, which V8 enumerates first) or `__proto__` is among them: the
 * caller then sorts.
 */
function sortedInsert(bag: Bag, key: string, value: unknown, most: number): Bag | undefined {
  if (key === '__proto__') return undefined;
  const copy: Record<string, unknown> = {};
  let placed = false;
  let previous: string | undefined;
  let n = 0;
  for (const k in bag) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see above)
    if (k === '__proto__' || ++n > most || !Object.prototype.hasOwnProperty.call(bag, k)) return undefined;
    if (previous !== undefined && !(previous < k)) return undefined;
    previous = k;
    if (!placed && key < k) {
      copy[key] = value;
      placed = true;
    }
    copy[k] = bag[k];
  }
  if (!placed) copy[key] = value;
  return copy;
}

/** An attributes `bag` with `key` set to `value` (`null` removes it): the same object when nothing changes. */
export function attributesWith<T extends Bag>(bag: T, key: string, value: unknown): T {
  return value === null ? withoutEntry(bag, key) : withEntry(bag, key, value, 'attributes');
}

/**
 * Sets `key` to `value` (`null` removes it) in `bag` itself when that gives what `attributesWith` would copy it
 * into (`keepsLayout`): a dictionary (null prototype) always (it keeps its keys in insertion order, a removed one
 * leaves the others in place); an ordinary bag for a value, not a removal, when `ordinaryKeeps`. Only for a bag
 * nobody else holds. False (nothing done) otherwise: `withEntry` or `withoutEntry` then copies it. The prototype
 * is read once for both questions (a runtime call, not inlined for these megamorphic bags: ~90 instructions).
 */
export function setInPlace(bag: Record<string, unknown>, key: string, value: unknown): boolean {
  const proto: unknown = Object.getPrototypeOf(bag);
  if (proto === null) {
    if (value === null) delete bag[key];
    else bag[key] = value;
    return true;
  }
  if (value === null || !ordinaryKeeps(bag, proto, key)) return false;
  bag[key] = value;
  return true;
}

/**
 * Whether setting `key` (to a value, not removing it) in attributes or counts `bag` itself gives the layout
 * `withEntry` would copy it into: a dictionary always, an ordinary bag when `ordinaryKeeps`.
 */
export function keepsLayout(bag: Bag, key: string): boolean {
  const proto: unknown = Object.getPrototypeOf(bag);
  return proto === null || ordinaryKeeps(bag, proto, key);
}

/**
 * For an ordinary `bag` (prototype `proto`, read by the caller): a key it owns keeps its place (`replaced`), and a
 * new key that sorts after all of its keys, while the bag stays small, goes last (`sortedInsert`). Another
 * prototype, a bag whose keys are not sorted (a document a SQL store parsed) and `__proto__` answer false.
 */
function ordinaryKeeps(bag: Bag, proto: unknown, key: string): boolean {
  if (key === '__proto__' || proto !== Object.prototype) return false;
  return hasOwn(bag, key) || sortsLast(bag, key);
}

/**
 * Whether `bag` has fewer than SMALL_BAG keys, in `byKey` order (`__proto__` not among them), and `key` comes after
 * every one (an inherited key, counted, can only turn the answer to false).
 */
function sortsLast(bag: Bag, key: string): boolean {
  let previous: string | undefined;
  let n = 0;
  for (const k in bag) {
    if (k === '__proto__' || ++n >= SMALL_BAG || (previous !== undefined && !(previous < k))) return false;
    previous = k;
  }
  return previous === undefined || previous < key;
}

/** A copy of `bag` (a dictionary stays a dictionary), keys in the same order. */
export function copyOf<T extends Bag>(bag: T): T {
  return (Object.getPrototypeOf(bag) === null ? dictionaryOf(bag, undefined) : { ...bag }) as T;
}

/** `bag` without `key` (the same object when the key is absent); a dictionary stays a dictionary. */
export function withoutEntry<T extends Bag>(bag: T, key: string): T {
  if (!hasOwn(bag, key)) return bag;
  if (Object.getPrototypeOf(bag) === null) return dictionaryOf(bag, key) as T;
  return Object.fromEntries(Object.entries(bag).filter((entry) => entry[0] !== key)) as T;
}

/**
 * A copy of a null-prototype `bag`, `skip` left out. Nothing is inherited, so `for…in` visits exactly the
 * own keys, in insertion order; stores into the copy are plain data (no `__proto__` setter exists without
 * Object.prototype).
 */
function dictionaryOf(bag: Bag, skip: string | undefined): Record<string, unknown> {
  const copy = Object.create(null) as Record<string, unknown>;
  for (const k in bag) if (k !== skip) copy[k] = bag[k];
  return copy;
}
