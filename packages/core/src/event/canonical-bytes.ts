import { leftOutOfJson } from '../json-left-out';

/**
 * Bytes of the scratch space `hashCanonicalBytes` writes into: a larger canonical text (a payload of more than about
 * 4 KB) goes the general way, as text.
 */
const CAPACITY = 4096;
/** Nesting `hashCanonicalBytes` writes; a deeper payload (or a cycle) goes the general way, which reports it. */
const MAX_DEPTH = 64;
/** Character codes of the quote, the backslash, `,`, `:`, `-` and `0`. */
const [QUOTE, BACKSLASH, COMMA, COLON, MINUS, ZERO] = [0x22, 0x5c, 0x2c, 0x3a, 0x2d, 0x30] as const;

/** Where the canonical text is written: its own buffer, read by the hash right after it is written. */
const scratch = new Uint8Array(CAPACITY);
/** Bytes written so far. */
let written = 0;
/** The longest text whose view of `scratch` is kept (`viewOf`): a longer one takes a view of its own. */
const KEPT_VIEWS = 1024;
/**
 * Views of `scratch`, by length, each made once (a `Uint8Array` view is ~96 bytes of heap, one per event
 * otherwise): `hash` reads the text through the view of its length. At most `KEPT_VIEWS` of them (~100 KB);
 * the usual envelopes take a few dozen lengths.
 */
const views = new Array<Uint8Array | undefined>(KEPT_VIEWS + 1);

/** A view of `scratch`'s first `length` bytes. */
function viewOf(length: number): Uint8Array {
  if (length > KEPT_VIEWS) return scratch.subarray(0, length);
  let view = views[length];
  if (view === undefined) {
    view = scratch.subarray(0, length);
    views[length] = view;
  }
  return view;
}

/** Key lists by nesting depth, reused: `sortedKeys` writes an object's keys into the one of its depth. */
const keyLists: string[][] = [];

/**
 * `record`'s own enumerable keys sorted (`sortInPlace`), as `sortInPlace(Object.keys(record))` but in the list
 * of `depth` (`keyLists`), good until the next object of that depth: `Object.keys` made an array an object. The
 * list is not cut to the keys' count (setting an array's `length` is a call into the runtime, ~450 instructions
 * per event on the memory batch row): its first `count` items are the keys, sorted; `keyCount` is that count.
 */
function sortedKeys(record: Record<string, unknown>, depth: number): string[] {
  let keys = keyLists[depth];
  if (keys === undefined) {
    keys = [];
    keyLists[depth] = keys;
  }
  let n = 0;
  // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see plugin/bags.ts)
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) keys[n++] = key;
  keyCount = n;
  if (n > 16) {
    // As `sortInPlace` sorts a longer list (`sort()`, the same order): on a list of exactly the keys.
    keys.length = n;
    keys.sort();
    return keys;
  }
  for (let i = 1; i < n; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}

/** How many of the list `sortedKeys` returned last are the object's keys. */
let keyCount = 0;

/**
 * True while a text is being written: a getter of the payload that dispatched or fingerprinted another event would
 * write over it, so a call made meanwhile goes the general way.
 */
let busy = false;

/**
 * `keys` sorted in place in the order `sort()` gives (UTF-16 code units): insertion sort for a few keys, which
 * allocates nothing (`Array.prototype.sort` takes scratch space per call).
 */
export function sortInPlace(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}

/** Writes `word` (ASCII). */
function word(text: string): true {
  for (let i = 0; i < text.length; i++) scratch[written++] = text.charCodeAt(i);
  return true;
}

/** Writes `text` quoted, or false when JSON would escape a character of it or it is not ASCII (one byte each). */
function quoted(text: string): boolean {
  if (written + text.length + 2 > CAPACITY) return false;
  scratch[written++] = QUOTE;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === QUOTE || code === BACKSLASH) return false;
    scratch[written++] = code;
  }
  scratch[written++] = QUOTE;
  return true;
}

/**
 * Writes a number as `JSON.stringify` does: a safe integer's digits by arithmetic (no string: an instant in epoch
 * ms is past the small integers whose text V8 writes cheaply), any other finite number as its text, `null` else.
 */
function number(value: number): boolean {
  if (written + 32 > CAPACITY) return false;
  if (!Number.isSafeInteger(value)) return word(Number.isFinite(value) ? `${value}` : 'null');
  let rest = value;
  if (rest < 0) {
    scratch[written++] = MINUS;
    rest = -rest;
  }
  const start = written;
  do {
    const next = Math.floor(rest / 10);
    scratch[written++] = ZERO + (rest - next * 10);
    rest = next;
  } while (rest > 0);
  // The digits were written last first.
  for (let i = start, j = written - 1; i < j; i++, j--) {
    const digit = scratch[i] as number;
    scratch[i] = scratch[j] as number;
    scratch[j] = digit;
  }
  return true;
}

/** Writes any value; false when it is not of the plain forms written here. */
function value(item: unknown, depth: number): boolean {
  if (item === null) return written + 4 <= CAPACITY && word('null');
  switch (typeof item) {
    case 'string':
      return quoted(item);
    case 'number':
      return number(item);
    case 'boolean':
      return written + 5 <= CAPACITY && word(item ? 'true' : 'false');
    case 'object':
      return depth < MAX_DEPTH && container(item, depth + 1);
    default:
      return false; // a BigInt (the general way throws), or what only an array holds (`null`, written there)
  }
}

/**
 * Writes a plain object (keys sorted, omitted values left out) or array; false for anything else. `plain`: `item`
 * is known to be an object whose prototype is `Object.prototype` (its prototype is not asked).
 */
function container(item: object, depth: number, plain = false): boolean {
  if (written + 2 > CAPACITY) return false;
  const proto: unknown = plain ? Object.prototype : Object.getPrototypeOf(item);
  if (!plain && Array.isArray(item)) {
    if (proto !== Array.prototype || typeof (item as { toJSON?: unknown }).toJSON === 'function')
      return false;
    scratch[written++] = 0x5b;
    for (let i = 0; i < item.length; i++) {
      if (i > 0) scratch[written++] = COMMA;
      const element: unknown = item[i];
      if (leftOutOfJson(element)) {
        if (written + 4 > CAPACITY) return false;
        word('null');
      } else if (!value(element, depth)) return false;
    }
    if (written + 1 > CAPACITY) return false;
    scratch[written++] = 0x5d;
    return true;
  }
  if (proto !== Object.prototype && proto !== null) return false;
  const record = item as Record<string, unknown>;
  if (typeof record.toJSON === 'function') return false;
  const keys = sortedKeys(record, depth);
  const count = keyCount;
  scratch[written++] = 0x7b;
  let first = true;
  for (let i = 0; i < count; i++) {
    const key = keys[i] as string;
    const member = record[key];
    if (leftOutOfJson(member)) continue;
    if (!first) scratch[written++] = COMMA;
    first = false;
    if (!quoted(key) || written + 2 > CAPACITY) return false;
    scratch[written++] = COLON;
    if (!value(member, depth)) return false;
  }
  if (written + 1 > CAPACITY) return false;
  scratch[written++] = 0x7d;
  return true;
}

/**
 * The canonical text of an envelope (`canonicalEnvelope`: `[type,time,payload]`, every object's keys sorted) as
 * its UTF-8 bytes, written straight into a scratch buffer: a view of them for `hash` to read, or `undefined` when
 * the text needs the general way — a string that is not printable ASCII or needs an escape, a `toJSON`, an object
 * that is neither plain nor an array, a BigInt, deep nesting, a text of more than `CAPACITY` bytes, or a call
 * while another is writing. No copy of the payload with its keys sorted, no string of the text (the hash reads
 * bytes), no text of the instant (an epoch-ms number's text cost ~300 ns): `envelopeFingerprint` ~30% quicker on
 * the memory bench's events, 257 bytes per event less.
 * The view is only good until the next call: `hash` reads it at once. `plainPayload`: the payload is known to be
 * an object whose prototype is `Object.prototype` (a copy `validateEvent` made), not an array.
 */
export function hashCanonicalBytes<R>(
  type: unknown,
  time: unknown,
  payload: unknown,
  hash: (bytes: Uint8Array) => R,
  plainPayload = false,
): R | undefined {
  if (
    busy ||
    typeof type !== 'string' ||
    typeof time !== 'number' ||
    typeof payload !== 'object' ||
    payload === null
  )
    return undefined;
  busy = true;
  try {
    written = 0;
    scratch[written++] = 0x5b;
    if (!quoted(type) || written + 1 > CAPACITY) return undefined;
    scratch[written++] = COMMA;
    if (!number(time) || written + 1 > CAPACITY) return undefined;
    scratch[written++] = COMMA;
    if (!container(payload, 1, plainPayload) || written + 1 > CAPACITY) return undefined;
    scratch[written++] = 0x5d;
    return hash(viewOf(written));
  } finally {
    busy = false;
  }
}
