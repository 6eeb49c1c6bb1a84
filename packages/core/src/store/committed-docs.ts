import { freezeJson } from './freeze';

/** A document as this process committed it: its value, frozen deep, and the JSON text written (when kept). */
export interface CommittedDoc {
  readonly value: unknown;
  /** The text the commit wrote, for a store whose rows other processes may change (it reads and compares it). */
  readonly text: string | undefined;
}

/** A commit's documents as the cache takes them once committed (`undefined`: a deletion, or not kept: dropped). */
export type StagedDocs = ReadonlyArray<readonly [key: string, doc: CommittedDoc | undefined]>;

/**
 * The documents a SQL store's process committed last, so that a unit of work reads them back without parsing
 * their JSON text again (a user document of a few KB costs several µs to parse). What makes a cached value
 * still true is the store's to say: the SQLite file is its process's alone (`get` is enough); PostgreSQL
 * compares the row's text with the one written. Rules shared by both:
 * - a commit's documents are staged when it is written (`stage`: values frozen deep then, as the memory store
 *   freezes what it keeps — a change to one afterwards throws; the engine copies a document it loads from a SQL
 *   store before changing it) and kept only once the commit is (`committed`); a commit that fails drops nothing
 *   and adds nothing;
 * - a value that is not plain JSON data (`freezeJson` refuses it) is not kept: its text is parsed when read;
 * - at most `limit` documents, the least recently written dropped first; `0` keeps none (and freezes nothing).
 */
export interface CommittedDocs {
  /** What this process committed last for `key`, if it keeps it. */
  get(key: string): CommittedDoc | undefined;
  /** At commit: the documents written (`texts[i]` is the JSON text of `docs[i]`, when the store keeps texts). */
  stage(docs: ReadonlyArray<{ key: string; value: unknown }>, texts?: readonly string[]): StagedDocs;
  /** The commit that wrote `staged` is committed: its documents replace what the cache held. */
  committed(staged: StagedDocs): void;
  /** `key` was changed by other means (an erasure), or its cached value is no longer true. */
  drop(key: string): void;
}

const NONE: StagedDocs = [];

/** `value` frozen with its text; `undefined` for a deletion or a value that is not plain JSON data. */
function committedDoc(key: string, value: unknown, text: string | undefined): CommittedDoc | undefined {
  if (value === null || value === undefined) return undefined;
  try {
    return { value: freezeJson(value, 'document', key), text };
  } catch {
    return undefined;
  }
}

/** Creates a cache of at most `limit` committed documents (see `CommittedDocs`). */
export function createCommittedDocs(limit: number): CommittedDocs {
  const entries = new Map<string, CommittedDoc>();
  return {
    get: (key) => entries.get(key),
    stage: (docs, texts) =>
      limit <= 0
        ? NONE
        : docs.map(({ key, value }, i) => [key, committedDoc(key, value, texts?.[i])] as const),
    committed(staged) {
      for (const [key, doc] of staged) {
        entries.delete(key);
        if (doc === undefined) continue;
        entries.set(key, doc);
        if (entries.size > limit) entries.delete(entries.keys().next().value as string);
      }
    },
    drop: (key) => void entries.delete(key),
  };
}
