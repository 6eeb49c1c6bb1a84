import { createHmac } from 'node:crypto';

/**
 * The document key of a user's state.
 *
 * @example
 * userKey('u-42') // 'user:u-42'
 */
export const userKey = (userId: string): string => `user:${userId}`;

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
  `forgotten:${createHmac('sha256', key).update(userId).digest('hex').slice(0, 16)}`;
