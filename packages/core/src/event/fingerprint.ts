import { createHash } from 'node:crypto';
import { EngageLoopError } from '../errors/error';
import type { ValidatedEvent } from './types';

/** JSON.stringify replacer: plain objects with their keys sorted (arrays keep their order). */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort())
    Object.defineProperty(out, key, { value: source[key], enumerable: true, writable: true });
  return out;
}

/**
 * The fingerprint of an event's envelope as recorded with its outcome: 32 hex digits of the SHA-256 of its
 * canonical JSON (type, instant in epoch ms, payload with sorted keys). Two envelopes that mean the same
 * (same instant written in another offset, payload keys in another order) have the same fingerprint; a
 * re-used event id with another envelope is told apart by it.
 *
 * @example
 * envelopeFingerprint({ type: 'a', time: 0, payload: { x: 1, y: 2 } }) ===
 *   envelopeFingerprint({ type: 'a', time: 0, payload: { y: 2, x: 1 } }) // true
 */
export function envelopeFingerprint(event: Pick<ValidatedEvent, 'type' | 'time' | 'payload'>): string {
  let text: string;
  try {
    text = JSON.stringify([event.type, event.time, event.payload], sortedKeys);
  } catch (cause) {
    throw new EngageLoopError('EVENT_PAYLOAD_INVALID', {
      message: 'The payload is not JSON data (a cycle or a BigInt).',
      pointer: '/payload',
      cause,
    });
  }
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
