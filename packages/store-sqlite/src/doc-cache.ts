import { freezeJson } from '@engageloop/core/internal';

/** Documents of a commit as the cache takes them: frozen values, `null` (deleted) or `undefined` (not cached). */
export type CachedDocs = ReadonlyArray<readonly [key: string, value: unknown]>;

/**
 * The documents this process wrote last, as frozen values, so that a unit of work reads them back without
 * parsing their JSON text again (a user document of a few KB costs ~10 µs to parse: more than the rest of its
 * read). The file belongs to this process (`locking_mode=EXCLUSIVE`), so nothing else changes a document
 * behind it: what a commit wrote stays true until the next commit of that key, which replaces it, or until
 * `forgetUser` deletes it. At most `limit` documents, the least recently written dropped first; `0` keeps
 * none. Values are frozen deep when they are committed (as the memory store does): a later change to them
 * throws, and reading one back never copies it.
 */
export interface DocCache {
  /** The cached value of `key`, if any. */
  get(key: string): unknown;
  /** At commit: freezes the documents' values in place (what the commit writes, whatever happens to them next). */
  freeze(docs: ReadonlyArray<{ key: string; value: unknown }>): CachedDocs;
  /** The commit was written: its documents replace what the cache held. */
  wrote(docs: CachedDocs): void;
  /** `key` was changed by other means (an erasure). */
  drop(key: string): void;
}

const NONE: CachedDocs = [];

/** Freezes `value` as the memory store does; `undefined` when it is not plain JSON data. */
const frozen = (key: string, value: unknown): unknown => {
  if (value === null) return null;
  try {
    return freezeJson(value, `document "${key}"`);
  } catch {
    // Not plain JSON data: the text written is what JSON.stringify made of it; read it back from the file.
    return undefined;
  }
};

export function createDocCache(limit: number): DocCache {
  const values = new Map<string, unknown>();
  return {
    get: (key) => values.get(key),
    freeze: (docs) => (limit <= 0 ? NONE : docs.map(({ key, value }) => [key, frozen(key, value)] as const)),
    wrote(docs) {
      for (const [key, value] of docs) {
        values.delete(key);
        if (value === null || value === undefined) continue;
        values.set(key, value);
        if (values.size > limit) values.delete(values.keys().next().value as string);
      }
    },
    drop: (key) => void values.delete(key),
  };
}
