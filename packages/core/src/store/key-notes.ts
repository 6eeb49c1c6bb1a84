/**
 * What a `PackedRecords` lookup found for each key of one read (`MemoryRecords.get` with notes): the key's
 * encoded bytes, its hash and the slot its probe stopped at. A unit of work reads its events' record keys
 * (`recordedMany`) and later writes records under the same keys; the write takes them from here instead of
 * encoding and hashing each key again, and probes on from the noted slot while the table has not grown
 * (`generation`). Owned by the unit of work that read (one per read, by the key's place in it): nothing
 * shared between units of work, no key text kept.
 */
export class KeyNotes {
  /** The noted keys' encoded bytes (head included), end to end. */
  bytes: Uint8Array;
  /** Bytes of `bytes` used. */
  used = 0;
  /** Per key: where its bytes start in `bytes`, plus one (0: not noted). */
  readonly starts: Uint32Array;
  /** Per key: its hash (`finishHash`) under the table's seed. */
  readonly hashes: Uint32Array;
  /** Per key: the slot its probe stopped at (its record's, or the empty one it would take). */
  readonly slots: Uint32Array;
  /** The table the notes were taken in (a rewrite makes a new one, with another seed). */
  owner: object | undefined = undefined;
  /** The table's growth count when the notes were taken: a growth moves every slot. */
  generation = 0;

  /** Notes for a read of `count` keys. */
  constructor(count: number) {
    this.starts = new Uint32Array(count);
    this.hashes = new Uint32Array(count);
    this.slots = new Uint32Array(count);
    this.bytes = new Uint8Array(Math.max(64, count * 48));
  }

  /** Notes key `index`: its encoded bytes `key[0, length)`, its hash and its slot. */
  note(index: number, key: Uint8Array, length: number, hash: number, slot: number): void {
    if (index < 0 || index >= this.starts.length) return;
    let bytes = this.bytes;
    const at = this.used;
    if (at + length > bytes.length) {
      const grown = new Uint8Array(Math.max(at + length, bytes.length * 2));
      grown.set(bytes.subarray(0, at));
      this.bytes = bytes = grown;
    }
    for (let i = 0; i < length; i++) bytes[at + i] = key[i] as number;
    this.used = at + length;
    this.starts[index] = at + 1;
    this.hashes[index] = hash;
    this.slots[index] = slot;
  }
}
