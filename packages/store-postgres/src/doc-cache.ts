import { freezeJson } from '@engageloop/core/internal';

/** A document as this process committed it: the JSON text written and the value it was written from, frozen. */
interface Written {
  readonly text: string;
  readonly value: unknown;
}

/** A commit's documents as the cache takes them once it is committed (`undefined`: not kept, dropped). */
export type StagedDocs = ReadonlyArray<readonly [key: string, written: Written | undefined]>;

/**
 * The documents this process committed last, each as its JSON text and its value frozen, so that a unit of work
 * whose row text is exactly that text takes the value instead of parsing the text again (a user document of a
 * few KB costs several µs to parse). Correct with any number of instances on the database:
 * - the text always comes from the database (the open read): a document another instance (or an erasure, or a
 *   rolled-back commit of ours) left with another text is parsed, and its entry dropped;
 * - a commit's documents are staged when it is written and kept only once its transaction COMMITted (`committed`);
 *   a unit of work that rolls back drops its staged documents;
 * - values are frozen deep when staged (as the memory store and the SQLite store freeze what they keep): a change
 *   to one afterwards throws, and no one ever holds an unfrozen part of a cached value. The engine copies a
 *   document it loads from this store before changing it (only the memory store's `loadOwned` hands out documents
 *   it may write into in place);
 * - a value that is not plain JSON data (`freezeJson` refuses it) is not kept: its text is parsed when read;
 * - `forgetUser` drops the user's entry;
 * - at most `limit` documents, the least recently written dropped first; `0` keeps none (and freezes nothing).
 */
export interface PgDocCache {
  /** The value of document `key` whose stored JSON text is `text`: the cached value if `text` is its text. */
  read(key: string, text: string): unknown;
  /** At commit: the documents written (`texts[i]` is `JSON.stringify(values[i])`), their values frozen now. */
  stage(keys: readonly string[], values: readonly unknown[], texts: readonly string[]): StagedDocs;
  /** The transaction that wrote `staged` committed: its documents replace what the cache held. */
  committed(staged: StagedDocs): void;
  /** `key` was changed by other means (an erasure). */
  drop(key: string): void;
}

const NONE: StagedDocs = [];

/** `value` frozen with its text, or undefined when it is a deletion or not plain JSON data. */
function written(key: string, value: unknown, text: string): Written | undefined {
  if (value === null || value === undefined) return undefined;
  try {
    return { text, value: freezeJson(value, `document "${key}"`) };
  } catch {
    return undefined;
  }
}

/** Creates a document cache of at most `limit` documents (see `PgDocCache`). */
export function createPgDocCache(limit: number): PgDocCache {
  const entries = new Map<string, Written>();
  return {
    read(key, text) {
      const hit = entries.get(key);
      if (hit !== undefined) {
        if (hit.text === text) return hit.value;
        entries.delete(key);
      }
      return JSON.parse(text) as unknown;
    },
    stage(keys, values, texts) {
      if (limit <= 0) return NONE;
      const staged = new Array<readonly [string, Written | undefined]>(keys.length);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        staged[i] = [key, written(key, values[i], texts[i] as string)];
      }
      return staged;
    },
    committed(staged) {
      for (const [key, entry] of staged) {
        entries.delete(key);
        if (entry === undefined) continue;
        entries.set(key, entry);
        if (entries.size > limit) entries.delete(entries.keys().next().value as string);
      }
    },
    drop: (key) => void entries.delete(key),
  };
}
