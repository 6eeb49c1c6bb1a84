import { EngageLoopError } from '../errors/error';
import { sha256Hex128 } from '../store/keys';
import type { ValidatedEvent } from './types';

/** What JSON leaves out of an object (and writes as null in an array). */
const omitted = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/**
 * `Object.keys(record)` in the order `sort()` gives (UTF-16 code units). A payload has a few keys: they are
 * sorted in place by insertion, which allocates nothing (`Array.prototype.sort` takes scratch space per call).
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}

/** JSON text of `value` with every object's keys sorted (arrays keep their order): the canonical form. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') return canonicalJson(toJson.call(value));
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += `${i === 0 ? '' : ','}${omitted(item) ? 'null' : canonicalJson(item)}`;
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of sortedKeys(record)) {
    const item = record[key];
    if (omitted(item)) continue;
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `{${out}}`;
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
  let text: string;
  try {
    text = `[${JSON.stringify(event.type)},${JSON.stringify(event.time)},${canonicalJson(event.payload)}]`;
  } catch (cause) {
    throw new EngageLoopError('EVENT_PAYLOAD_INVALID', {
      message: 'The payload is not JSON data (a BigInt, a cycle, or nested too deep).',
      pointer: '/payload',
      cause,
    });
  }
  return sha256Hex128(text);
}
