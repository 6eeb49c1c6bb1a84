import { userHash } from '../store/keys';

/** User ids per generation of the memo: it keeps the hashes of the last 8,192 to 16,384 ids it was asked for. */
const GENERATION = 8_192;

/**
 * `userHash` with the hashes of the users seen last kept (one SHA-256 of the id per event otherwise, for its
 * record key): a bounded memo in two generations — a hit in the older one moves to the newer; when the newer
 * is full it becomes the older and the oldest is dropped. It belongs to one engine (no module state).
 * The memo is keyed by `key` when given: a string that stands for the id and no other (the engine gives the
 * subject's document key, `user:<id>`, which its batch hashes anyway for its documents: a `Map` hashes a string
 * once, the first time, so the id's own hash is not computed at all).
 *
 * @example
 * const hashOf = createUserHashes();
 * hashOf('u-42') === userHash('u-42') // true, and the second call hashes nothing
 */
export function createUserHashes(generation = GENERATION): (userId: string, key?: string) => string {
  let young = new Map<string, string>();
  let old = new Map<string, string>();
  return (userId, key = userId) => {
    let hash = young.get(key);
    if (hash !== undefined) return hash;
    hash = old.get(key) ?? userHash(userId);
    if (young.size >= generation) {
      old = young;
      young = new Map();
    }
    young.set(key, hash);
    return hash;
  };
}
