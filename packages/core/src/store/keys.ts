import * as crypto from 'node:crypto';
import type { EventSource } from '../event/types';

/**
 * The document key of a user's state.
 *
 * @example
 * userKey('u-42') // 'user:u-42'
 */
export const userKey = (userId: string): string => `user:${userId}`;

/**
 * The first 128 bits of the SHA-256 of `text`, as 32 hex digits: one-shot `crypto.hash` (Node 20.12+, about
 * 2.5 times faster on short input, which every dispatch hashes), else a `Hash` object. The digits are made
 * from the digest's first 16 bytes, not sliced from a 64-digit text: a slice would keep its 64-digit parent
 * alive for as long as a store keeps the key or fingerprint (112 bytes of heap instead of 48 in V8).
 */
export const sha256Hex128: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => (crypto.hash('sha256', text, 'buffer') as unknown as Buffer).toString('hex', 0, 16)
    : (text) => crypto.createHash('sha256').update(text).digest().toString('hex', 0, 16);

/** A secret for `forgottenUserId`: a string (its UTF-8 bytes) or bytes. */
export type PseudonymKey = string | Uint8Array;

/**
 * The pseudonym that replaces a user id in what `forgetUser` keeps (sent and dead-lettered messages, recorded
 * outcomes, need items the user voiced or supported): `forgotten:` and 16 hex digits of the HMAC-SHA-256 of
 * the id under `key`. Keyed, so nobody without the key can recover an id by hashing a dictionary of likely
 * ids (e-mail addresses, phone numbers); the same id and key give the same pseudonym in every store.
 *
 * @example
 * forgottenUserId('alice@example.com', secret) // 'forgotten:…' (16 hex digits)
 */
export const forgottenUserId = (userId: string, key: PseudonymKey): string =>
  `forgotten:${crypto.createHmac('sha256', key).update(userId).digest('hex').slice(0, 16)}`;

/**
 * What stands for a user inside keys that must be scoped to them (recorded outcomes, message ids, dedupe
 * keys): 32 hex digits (128 bits) of the SHA-256 of the id, never the id itself.
 *
 * @example
 * userHash('u-42') // 32 hex digits
 */
export const userHash = (userId: string): string => sha256Hex128(userId);

/**
 * The key an outcome is recorded under, and the prefix of the ids of the messages its dispatch queues:
 * the event id scoped to its user and source (`e.` events, `t.` fired timers), so two users never share an
 * event id and no event id can reach a timer's. The scope has a fixed length and no `:`, so the key
 * determines (source, user, event id).
 *
 * @example
 * recordKey('event', 'u-42', 'e1') // 'e.<userHash('u-42')>:e1'
 */
export const recordKey = (source: EventSource, userId: string, eventId: string): string =>
  `${source === 'timer' ? 't' : 'e'}.${userHash(userId)}:${eventId}`;
