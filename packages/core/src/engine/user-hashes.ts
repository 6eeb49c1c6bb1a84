import { userHash } from '../store/keys';

/** User ids per generation of the memo: it keeps the hashes of the last 8,192 to 16,384 ids it was asked for. */
const GENERATION = 8_192;

/**
 * `userHash` with the hashes of the users seen last kept (one SHA-256 of the id per event otherwise, for its
 * record key): a bounded memo in two generations — a hit in the older one moves to the newer; when the newer
 * is full it becomes the older and the oldest is dropped. It belongs to one engine (no module state).
 *
 * @example
 * const hashOf = createUserHashes();
 * hashOf('u-42') === userHash('u-42') // true, and the second call hashes nothing
 */
export function createUserHashes(generation = GENERATION): (userId: string) => string {
  let young = new Map<string, string>();
  let old = new Map<string, string>();
  return (userId) => {
    let hash = young.get(userId);
    if (hash !== undefined) return hash;
    hash = old.get(userId) ?? userHash(userId);
    if (young.size >= generation) {
      old = young;
      young = new Map();
    }
    young.set(userId, hash);
    return hash;
  };
}
