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
  /** The keys added, `#count` of them (a list of the commit's length, not grown by `push`). */
  readonly #keys: string[];
  #count = 0;
  #set: Set<string> | undefined;

  /** Room for `count` keys in the table of hashes (more go into the set). */
  constructor(count: number) {
    let size = 16;
    while (size < count * 2) size *= 2;
    this.#table = new Int32Array(size);
    this.#hashes = new Uint32Array(count);
    this.#keys = new Array(count);
  }

  /** The hash `notes` took of key `at` of its read (`-1`: none noted, or no place in the read). */
  static notedHash(notes: KeyNotes | undefined, at: number): number {
    return notes !== undefined && at >= 0 && notes.starts[at] !== 0 ? (notes.hashes[at] as number) : -1;
  }

  /** Adds `key`, with its noted hash (`notedHash`); true when an equal key was added before. */
  add(key: string, hash: number): boolean {
    const keys = this.#keys;
    const count = this.#count;
    this.#count = count + 1;
    // A key not noted, or past the room made (not expected): the set from here on.
    if (hash < 0 || this.#set !== undefined || count >= this.#hashes.length) {
      this.#set ??= new Set(keys.slice(0, count));
      const set = this.#set;
      keys[count] = key;
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
    table[slot] = count + 1;
    hashes[count] = hash;
    keys[count] = key;
    return false;
  }
}
