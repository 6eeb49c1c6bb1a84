import { EngageLoopError } from '../errors/error';
import { leftOutOfJson } from '../json-left-out';
import { sha256Hex128, sha256Hex128Slice } from '../store/keys';
import { hashCanonicalBytes, sortInPlace } from './canonical-bytes';
import type { ValidatedEvent } from './types';

/** The indices of `keys` in the order `sort()` puts the keys (insertion sort for a few, as `sortInPlace`). */
function sortedIndices(keys: readonly string[]): number[] {
  const order = new Array<number>(keys.length);
  for (let i = 0; i < keys.length; i++) order[i] = i;
  if (keys.length > 16) return order.sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1));
  for (let i = 1; i < order.length; i++) {
    const at = order[i] as number;
    const key = keys[at] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[order[j] as number] as string) > key; j--) order[j + 1] = order[j] as number;
    order[j + 1] = at;
  }
  return order;
}

/** JSON text of `value` with every object's keys sorted (arrays keep their order): the canonical form. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') return canonicalJson(toJson.call(value));
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += `${i === 0 ? '' : ','}${leftOutOfJson(item) ? 'null' : canonicalJson(item)}`;
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of sortInPlace(Object.keys(record))) {
    const item = record[key];
    if (leftOutOfJson(item)) continue;
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `{${out}}`;
}

/** Why `sortedCopy` gives up: the value needs `canonicalJson` (a `toJSON`, a non-plain object, a key order it cannot make). */
const GENERAL = Symbol('general');

/**
 * `value` as `JSON.stringify` writes in canonical order: the value itself where every object's keys already come
 * sorted, else a copy whose objects were rebuilt with their keys sorted (only those that needed it). `GENERAL` when
 * `JSON.stringify` could write it otherwise than `canonicalJson`: a `toJSON`, an object that is not a plain object
 * or array (a boxed primitive), or an object to rebuild with a key that starts with a digit (an array-index key
 * is enumerated before the others whatever the order of insertion) or is `__proto__` (assigning it sets the
 * prototype). Payloads are small plain data: one `JSON.stringify` of this beats concatenating the text piece by
 * piece (a rope of ~25 parts, each key quoted by its own call: ~700 bytes per event on the 41-rule bench).
 */
function sortedCopy(value: unknown, depth: number): unknown {
  if (typeof value === 'bigint') return GENERAL; // a `BigInt.prototype.toJSON` would get another key
  if (value === null || typeof value !== 'object') return value;
  if (depth > 64) return GENERAL; // deep or cyclic: `canonicalJson` reports what it is
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype || typeof (value as { toJSON?: unknown }).toJSON === 'function')
      return GENERAL;
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const held = sortedCopy(item, depth + 1);
      if (held === GENERAL) return GENERAL;
      if (held !== item) {
        copy ??= value.slice();
        copy[i] = held;
      }
    }
    return copy ?? value;
  }
  if (proto !== Object.prototype && proto !== null) return GENERAL;
  const record = value as Record<string, unknown>;
  if (typeof record.toJSON === 'function') return GENERAL;
  const keys = Object.keys(record);
  let sorted = true;
  // The held items, made only once a key out of order or a rebuilt item calls for a copy: a payload whose keys
  // already come sorted (the usual case) allocates nothing here.
  let items: unknown[] | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0 && (keys[i - 1] as string) > key) sorted = false;
    const item = record[key];
    const held = sortedCopy(item, depth + 1);
    if (held === GENERAL) return GENERAL;
    if (items === undefined && held !== item) {
      items = new Array(keys.length);
      for (let j = 0; j < i; j++) items[j] = record[keys[j] as string];
    }
    if (items !== undefined) items[i] = held;
  }
  if (items === undefined) return sorted ? value : sortedRebuild(record, keys);
  if (sorted) {
    const copy: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (key === '__proto__') return GENERAL;
      copy[key] = items[i];
    }
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const i of sortedIndices(keys)) {
    const key = keys[i] as string;
    const first = key.charCodeAt(0);
    if ((first >= 48 && first <= 57) || key === '__proto__') return GENERAL;
    copy[key] = items[i];
  }
  return copy;
}

/**
 * `record` rebuilt with its `keys` (its own, every item kept as it is) in sorted order, by sorting `keys` in place:
 * no list of items or of indices (a payload's keys usually come unsorted, its items as they are). `GENERAL` for a
 * key that starts with a digit or is `__proto__`, as `sortedCopy`.
 */
function sortedRebuild(record: Record<string, unknown>, keys: string[]): unknown {
  sortInPlace(keys);
  const copy: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const first = key.charCodeAt(0);
    if ((first >= 48 && first <= 57) || key === '__proto__') return GENERAL;
    copy[key] = record[key];
  }
  return copy;
}

/** The canonical text `envelopeFingerprint` hashes: one `JSON.stringify` where `sortedCopy` can, else `canonicalJson`. */
export function canonicalEnvelope(event: Pick<ValidatedEvent, 'type' | 'time' | 'payload'>): string {
  const { type, time, payload } = event;
  if (
    typeof type === 'string' &&
    typeof time === 'number' &&
    typeof payload === 'object' &&
    payload !== null
  ) {
    const copy = sortedCopy(payload, 0);
    if (copy !== GENERAL) return JSON.stringify([type, time, copy]);
  }
  return `[${JSON.stringify(type)},${JSON.stringify(time)},${canonicalJson(payload)}]`;
}

/**
 * The fingerprint of an event's envelope as recorded with its outcome: 32 hex digits of the SHA-256 of its
 * canonical JSON (type, instant in epoch ms, payload with sorted keys). Two envelopes that mean the same
 * (same instant written in another offset, payload keys in another order) have the same fingerprint; a
 * re-used event id with another envelope is told apart by it. The form never changes: fingerprints are kept.
 *
 * @example
 * envelopeFingerprint({ type: 'a', time: 0, payload: { x: 1, y: 2 } }) ===
 *   envelopeFingerprint({ type: 'a', time: 0, payload: { y: 2, x: 1 } }) // true
 */
export function envelopeFingerprint(event: Pick<ValidatedEvent, 'type' | 'time' | 'payload'>): string {
  return fingerprintOf(event, false);
}

/**
 * `envelopeFingerprint` of an event `validateEvent` made (`source: 'event'`): its payload is that function's own
 * copy (`{ ...payload }`), an object whose prototype is `Object.prototype`, which is not asked again.
 */
export function validatedFingerprint(event: ValidatedEvent): string {
  return fingerprintOf(event, true);
}

function fingerprintOf(
  event: Pick<ValidatedEvent, 'type' | 'time' | 'payload'>,
  plainPayload: boolean,
): string {
  let text: string;
  try {
    // Most envelopes' text is written as bytes and hashed as they are (`hashCanonicalBytes`); the same bytes as
    // the text's UTF-8, so the same fingerprint.
    const { type, time, payload } = event;
    const fingerprint = hashCanonicalBytes(type, time, payload, sha256Hex128Slice, plainPayload);
    if (fingerprint !== undefined) return fingerprint;
    text = canonicalEnvelope(event);
  } catch (cause) {
    throw new EngageLoopError('EVENT_PAYLOAD_INVALID', {
      message: 'The payload is not JSON data (a BigInt, a cycle, or nested too deep).',
      pointer: '/payload',
      cause,
    });
  }
  return sha256Hex128(text);
}
