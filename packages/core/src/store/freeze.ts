import { EngageLoopError } from '../errors/error';

/** The one empty object and the one empty array every frozen stored value shares. */
export const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});
export const EMPTY_ARRAY: readonly never[] = Object.freeze([]);

/** Deeper than any JSON document; a cyclic value reaches it quickly. */
const MAX_DEPTH = 1_000;

/**
 * The error for a value that is not JSON data. `where` names the value, with `name` quoted after it when given
 * (`document "user:u1"`): the text is built only here, not for every value frozen.
 */
const notJson = (where: string, name: string | undefined, what: string): EngageLoopError => {
  const place = name === undefined ? where : `${where} "${name}"`;
  return new EngageLoopError('STORE_CONTRACT_VIOLATION', {
    message: `Store contract violation: ${place} holds ${what}, which is not JSON data.`,
    data: { where: place },
  });
};

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
  const name = proto?.constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'a non-plain object';
}

/** Rejects a function (reached through an own property: an inherited one is not part of the value). */
function checkPrimitive(
  item: unknown,
  owner: object,
  key: string | number,
  where: string,
  name: string | undefined,
): void {
  if (typeof item === 'function' && Object.hasOwn(owner, key)) throw notJson(where, name, describe(item));
}

/** The shared frozen empties: frozen already, nothing below them (no `Object.isFrozen` call needed). */
const sharedEmpty = (item: object): boolean => item === EMPTY_OBJECT || item === EMPTY_ARRAY;

/**
 * Freezes `value` and everything below it, returning what the parent should hold: the value itself, or the
 * shared empty when `value` is an unfrozen empty array or plain object.
 */
function freezeNode(
  value: object,
  where: string,
  name: string | undefined,
  depth: number,
  top: boolean,
): object {
  if (Object.isFrozen(value)) return value;
  if (depth >= MAX_DEPTH) throw notJson(where, name, `a cycle or more than ${MAX_DEPTH} levels of nesting`);
  // Children first: an object is frozen only once everything below it is (a frozen object is whole).
  if (Array.isArray(value)) {
    if (value.length === 0 && !top) return EMPTY_ARRAY;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) checkPrimitive(item, value, i, where, name);
      else if (!sharedEmpty(item)) {
        const held = freezeNode(item, where, name, depth + 1, false);
        if (held !== item) value[i] = held;
      }
    }
    return Object.freeze(value);
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw notJson(where, name, describe(value));
  const record = value as Record<string, unknown>;
  let keys = 0;
  for (const key in record) {
    keys++;
    const item = record[key];
    if (typeof item !== 'object' || item === null) checkPrimitive(item, record, key, where, name);
    else if (!sharedEmpty(item)) {
      const held = freezeNode(item, where, name, depth + 1, false);
      // Only an own property is replaced (never one inherited through a polluted prototype).
      if (held !== item && Object.hasOwn(record, key)) record[key] = held;
    }
  }
  if (keys === 0 && !top && proto === Object.prototype) return EMPTY_OBJECT;
  return Object.freeze(value);
}

/**
 * Freezes a JSON value in place, with everything reachable from it, and returns it. Objects already frozen
 * are taken as frozen all the way down and not visited again, so a spread-updated document costs only its
 * new parts. Empty arrays and empty plain objects below the top are replaced by one shared frozen empty
 * (the value is unchanged as data). Anything that is not JSON data — a class instance, `Map`, `Date`, typed
 * array or function — is refused with `STORE_CONTRACT_VIOLATION` (`where` names the value, followed by `name`
 * in quotes when given: `freezeJson(doc, 'document', key)` says `document "<key>"` only if it fails), and so
 * is a cycle; the caller then stores nothing.
 *
 * @example
 * const doc = freezeJson({ points: 1, badges: {} }, 'user:u1');
 * Object.isFrozen(doc) && doc.badges === EMPTY_OBJECT // true
 */
export function freezeJson<T>(value: T, where: string, name?: string): T {
  if (typeof value === 'object' && value !== null) freezeNode(value, where, name, 0, true);
  else if (typeof value === 'function') throw notJson(where, name, describe(value));
  return value;
}
