import type { KeyNotes } from './key-notes';

/**
 * A commit's record keys, added in order, to catch one given twice (`STORE_CONFLICT`). A key the commit's read noted
 * (`KeyNotes`: the packed table's hash of its bytes) goes into a table of its hash, and keys are compared only when
 * hashes are equal; from the first key the read did not note, every key goes into a `Set` of the keys. A set of
 * the keys alone had V8 hash each key string (a record key, ~42 characters: ~400 instructions an event on the memory
 * batch row), which nothing else in a unit of work does.
 */
export class CommitKeys {
  /** Per slot (linear probing, at most half full): the index + 1 of the key that took it (0: empty). */
  readonly #table: Int32Array;
  readonly #hashes: Uint32Array;
  readonly #keys: string[] = [];
  #set: Set<string> | undefined;

  /** Room for `count` keys. */
  constructor(count: number) {
    let size = 16;
    while (size < count * 2) size *= 2;
    this.#table = new Int32Array(size);
    this.#hashes = new Uint32Array(count);
  }

  /** The hash `notes` took of key `at` of its read (`-1`: none noted, or no place in the read). */
  static notedHash(notes: KeyNotes | undefined, at: number): number {
    return notes !== undefined && at >= 0 && notes.starts[at] !== 0 ? (notes.hashes[at] as number) : -1;
  }

  /** Adds `key`, with its noted hash (`notedHash`); true when an equal key was added before. */
  add(key: string, hash: number): boolean {
    const keys = this.#keys;
    if (hash < 0 || this.#set !== undefined) {
      this.#set ??= new Set(keys);
      const set = this.#set;
      keys.push(key);
      // `size` is read before the add: unchanged after it, the key was added before.
      return set.size === set.add(key).size;
    }
    const table = this.#table;
    const hashes = this.#hashes;
    const mask = table.length - 1;
    let slot = hash & mask;
    for (let taken = table[slot] as number; taken !== 0; taken = table[slot] as number) {
      if (hashes[taken - 1] === hash && keys[taken - 1] === key) return true;
      slot = (slot + 1) & mask;
    }
    table[slot] = keys.length + 1;
    hashes[keys.length] = hash;
    keys.push(key);
    return false;
  }
}
