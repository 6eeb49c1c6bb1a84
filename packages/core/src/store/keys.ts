import * as crypto from 'node:crypto';
import type { EventSource } from '../event/types';
import { flat } from './flat';

/**
 * The document key of a user's state.
 *
 * @example
 * userKey('u-42') // 'user:u-42'
 */
export const userKey = (userId: string): string => `user:${userId}`;

/**
 * The document key of an entity's state (a group, an item, a contest): `entity:` and the entity key, a key
 * space of its own, so the entity `group:g1` and a user whose id is `group:g1` never share a document.
 *
 * @example
 * entityKey('group:g1') // 'entity:group:g1'
 */
export const entityKey = (entity: string): string => `entity:${entity}`;

/**
 * The document key of an event's subject: its entity's (`entityKey`) when it has one, else its user's (`userKey`).
 *
 * @example
 * subjectKey({ userId: 'u1' }) // 'user:u1'
 * subjectKey({ entity: 'group:g1' }) // 'entity:group:g1'
 */
export const subjectKey = (subject: { userId?: string | undefined; entity?: string | undefined }): string =>
  subject.entity !== undefined ? entityKey(subject.entity) : userKey(subject.userId ?? '');

/**
 * The first 128 bits of the SHA-256 of `text` (its UTF-8) or of bytes, as 32 hex digits. One-shot `crypto.hash`
 * (Node 20.12+, about 2.5 times faster on short input, which every dispatch hashes) straight to hex: a digest
 * `Buffer` costs more than the hash itself (1.6 µs against 0.8 µs per call, event-sized text). The 32 digits are a
 * fresh string, not a slice: a slice would keep its 64-digit parent alive for as long as a store keeps the key
 * (112 bytes of heap instead of 48 in V8). The envelope fingerprint, which the memory store keeps as bytes and the
 * SQL stores write out, takes the slice instead (`sha256Hex128Slice`). Its two halves joined and flattened (`flat`) make one (the
 * collector then drops the rope, the halves and the parent: 49 bytes kept), ~150 ns sooner than `JSON.parse` of the
 * quoted digits (417 against 573 ns a call with the hash, event-sized text). Older Node: a `Hash` object and the
 * digest's first 16 bytes.
 */
export const sha256Hex128: (text: string | Uint8Array) => string =
  typeof crypto.hash === 'function'
    ? (text) => {
        const hex = crypto.hash('sha256', text, 'hex');
        return flat(hex.slice(0, 16) + hex.slice(16, 32));
      }
    : (text) => crypto.createHash('sha256').update(text).digest().toString('hex', 0, 16);

/**
 * `sha256Hex128` of bytes as a slice of the digest's 64 hex digits, not a fresh string: ~120 bytes of heap less per
 * call (no halves, no rope, no copy), but the slice keeps its 64-digit parent alive for as long as it lives (112
 * bytes instead of 48). For the envelope fingerprint (`envelopeFingerprint`), made for every event a host
 * dispatches and, in the memory store, kept as its 16 bytes (`PackedRecords`), not as the string.
 */
export const sha256Hex128Slice: (bytes: Uint8Array) => string =
  typeof crypto.hash === 'function'
    ? (bytes) => crypto.hash('sha256', bytes, 'hex').slice(0, 32)
    : sha256Hex128;

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

const SOURCE_SCOPE: Record<EventSource, string> = { event: 'e', timer: 't', derived: 'd' };

/**
 * The key an outcome is recorded under, and the prefix of the ids of the messages its dispatch queues:
 * the event id scoped to its user and source (`e.` events, `t.` fired timers, `d.` derived events), so two
 * users never share an event id and no event id can reach a timer's or a derived event's. The scope has a
 * fixed length and no `:`, so the key determines (source, user, event id). An entity's events have scopes
 * of their own (`entityRecordKey`).
 *
 * @example
 * recordKey('event', 'u-42', 'e1') // 'e.<userHash('u-42')>:e1'
 */
export const recordKey = (
  source: EventSource,
  userId: string,
  eventId: string,
  hashOf: (userId: string) => string = userHash,
): string => `${SOURCE_SCOPE[source]}.${hashOf(userId)}:${eventId}`;

/**
 * The key an entity's event is recorded under: like `recordKey`, in scopes no user's key shares (`ne.`, `nt.`,
 * `nd.`, then the hash of the entity key), so the entity `group:g1` and a user whose id is `group:g1` never
 * touch each other's events.
 *
 * @example
 * entityRecordKey('event', 'group:g1', 'e1') // 'ne.<sha256Hex128('group:g1')>:e1'
 */
export const entityRecordKey = (source: EventSource, entity: string, eventId: string): string =>
  `n${SOURCE_SCOPE[source]}.${sha256Hex128(entity)}:${eventId}`;

/**
 * The key an event's outcome is recorded under: `entityRecordKey` for an entity's event, else `recordKey`.
 * `hashOf` is `userHash` or a memo of it (the engine keeps the hashes of the users it saw last).
 */
export const recordKeyOf = (
  event: {
    source: EventSource;
    userId?: string | undefined;
    entity?: string | undefined;
    id: string;
  },
  hashOf: (userId: string) => string = userHash,
): string =>
  event.entity !== undefined
    ? entityRecordKey(event.source, event.entity, event.id)
    : recordKey(event.source, event.userId ?? '', event.id, hashOf);
