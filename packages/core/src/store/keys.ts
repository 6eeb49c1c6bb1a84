import { createHash } from 'node:crypto';

/**
 * The document key of a user's state.
 *
 * @example
 * userKey('u-42') // 'user:u-42'
 */
export const userKey = (userId: string): string => `user:${userId}`;

/**
 * The stable pseudonym that replaces a user id in records kept after `forgetUser`
 * (sent and dead-lettered messages, recorded outcomes). Same input, same pseudonym, in every store.
 *
 * @example
 * forgottenUserId('u-42') // 'forgotten:…' (16 hex digits of the SHA-256 of the id)
 */
export const forgottenUserId = (userId: string): string =>
  `forgotten:${createHash('sha256').update(userId).digest('hex').slice(0, 16)}`;
