import { CompactRecord } from './compact-record';
import type { KeyNotes } from './key-notes';
import {
  dotOf,
  FNV_PRIME,
  finishHash,
  HAS_FINGERPRINT,
  HEX_PAIRS,
  hashBytes,
  hashSeed,
  hexValue,
  idStartOf,
  keyBytesAt,
  keyText,
  MAX_KEY_BYTES,
  packableFingerprint,
  printScratch,
  RAW,
  readU32,
  scopeTag,
  TAIL_BYTES,
  timeBytes,
  timeScratch,
  writeU32,
  writtenAddresses,
} from './packed-format';
import { UserNumbers } from './user-numbers';

/**
 * Bytes of the largest chunk of `PackedRecords`; the first chunks are smaller (`FIRST_CHUNK`, doubling), so a
 * store that records a few events holds a few KB. An address is a chunk's number times this plus the offset.
 */
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;
const FIRST_CHUNK = 4096;
/** Chunks an address (a `Uint32Array` slot, minus one) can name: 4 GB of records. */
const MAX_CHUNKS = 4095;

/** A slot's tag (`#tags`): the hash's top 7 bits, never 0 (the slot index takes its low bits). */
const tagOf = (hash: number): number => (hash >>> 25) | 0x80;

/**
 * Compacted records (user, fingerprint, commit time; no outcome) in an open-addressing hash table over byte
 * chunks: the memory store's records past the retention window, which it keeps for every event forever so a
 * replay stays a duplicate. A record is its key's bytes — a `recordKey` as its scope's tag, the user hash's 16
 * bytes and the event id's one-byte characters; any other key as UTF-16 code units — then a flag byte, the
 * fingerprint's 16 bytes, the commit time (a float64) and the user's number in a table of user ids. About 65
 * bytes and a slot (4 bytes, and 4 of the hash) per event, outside the JavaScript heap, where a map of key strings to packed strings
 * took about 155 bytes of it (200k events: ~13 MB instead of ~31 MB, issue 22). Records are only added or replaced
 * (a replaced record's bytes stay unused): a rewrite (`forgetUser`) builds a new table, so nothing of the old keys or user ids stays.
 */
export class PackedRecords {
  #chunks: Uint8Array[] = [];
  /** Bytes used in the last chunk. */
  #used = 0;
  /**
   * Two numbers a slot (slot `s` at `2 * s`): the address + 1 of its record (0: empty), then its key's hash.
   * Linear probing; at most half full. A probe reads a record's bytes (a cache miss in the chunks, most probes
   * of a key not kept) only when the hash matches, and finds it in the cache line of the address (a separate
   * array of hash bytes was a second miss); a growth puts every record back by its hash without reading its
   * key (hashing each key again where it lies, a miss in the chunks per record, was ~0.25-0.4 µs per event
   * recorded, profile self time). 8 bytes per slot, 16–32 per record (an address and a byte of the hash: 10–20).
   */
  #slots = new Uint32Array(32);
  /**
   * A byte a slot (`tagOf` its hash; 0: empty): a probe reads a slot's numbers only when its tag matches, so a lookup
   * of a key not kept (every event's) mostly ends in this array, an eighth of `#slots`, without a miss there.
   */
  #tags = new Uint8Array(16);
  #size = 0;
  readonly #users = new UserNumbers();
  /** The key being looked up or added, encoded (`#encode`), and its slot (`#find`). */
  #key = new Uint8Array(256);
  #keyLength = 0;
  /** The table's hash seed (`hashSeed`): random, so crafted event or user ids cannot crowd its slots. */
  readonly #seed = hashSeed();
  /**
   * The key's hash (`finishHash` of `hashBytes` of its bytes): taken as it is encoded, or as a read noted it
   * (`#findNoted`); `set` keeps it in the key's slot.
   */
  #hash = 0;
  #slot = 0;
  /** How many times the table grew (`KeyNotes.generation`: a growth moves every slot). */
  #generation = 0;

  get size(): number {
    return this.#size;
  }

  /** An empty table answers without encoding the key (a store that never compacted has none). */
  has(key: string): boolean {
    return this.#size > 0 && this.#find(key) >= 0 && this.#tags[this.#slot] !== 0;
  }

  get(key: string): CompactRecord | undefined {
    if (this.#size === 0 || this.#find(key) < 0 || this.#tags[this.#slot] === 0) return undefined;
    return this.#read((this.#slots[this.#slot << 1] as number) - 1);
  }

  /**
   * Keeps a compacted record under `key` (in place of the one it held); false, and nothing changed, when the
   * key is too long or the fingerprint not in the packed form (`packableFingerprint`).
   */
  set(key: string, record: CompactRecord): boolean {
    return this.#write(key, record.userId, record.fingerprint, record.committedAt, false) >= 0;
  }

  /**
   * `set` for a record that still has an outcome (`PackedTexts` keeps its text, by the address returned) under a
   * `recordKey` (a key of a scope's form); -1, and nothing changed, when the key is of no scope's form or too
   * long, or the fingerprint not in the packed form.
   */
  setLive(
    key: string,
    userId: string,
    fingerprint: string | undefined,
    committedAt: number,
    notes?: KeyNotes,
    index = -1,
  ): number {
    return this.#write(key, userId, fingerprint, committedAt, true, notes, index);
  }

  /** `set` or `setLive`: the record's address, or -1. */
  #write(
    key: string,
    userId: string,
    fingerprint: string | undefined,
    committedAt: number,
    live: boolean,
    notes?: KeyNotes,
    index = -1,
  ): number {
    if (!packableFingerprint(fingerprint)) return -1;
    // The key's bytes: as a read of it noted them (`KeyNotes`), or encoded now.
    let encoded: Uint8Array = this.#key;
    let from = 0;
    const noted = notes !== undefined && notes.owner === this && index >= 0 ? (notes.starts[index] ?? 0) : 0;
    if (noted !== 0) {
      encoded = (notes as KeyNotes).bytes;
      from = noted - 1;
      this.#keyLength = keyBytesAt(encoded, from);
      this.#findNoted(notes as KeyNotes, index, from);
    } else if (this.#find(key) < 0) return -1;
    if (live && encoded[from] === RAW) return -1;
    const length = this.#keyLength + TAIL_BYTES - (fingerprint === undefined ? 16 : 0);
    const address = this.#reserve(length);
    if (address < 0) return -1;
    const chunk = this.#chunks[this.#chunks.length - 1] as Uint8Array;
    let at = address & (CHUNK - 1);
    const end = from + this.#keyLength;
    for (let i = from; i < end; i++) chunk[at++] = encoded[i] as number;
    chunk[at++] = fingerprint === undefined ? 0 : HAS_FINGERPRINT;
    if (fingerprint !== undefined) {
      // Decoded by `packableFingerprint` above; `#find` and `#reserve` left `printScratch` alone.
      for (let i = 0; i < 16; i++) chunk[at++] = printScratch[i] as number;
    }
    timeScratch[0] = committedAt;
    for (let i = 0; i < 8; i++) chunk[at++] = timeBytes[i] as number;
    writeU32(chunk, at, this.#users.numberOf(userId));
    const place = this.#slot << 1;
    const replaced = this.#tags[this.#slot] !== 0;
    this.#tags[this.#slot] = tagOf(this.#hash);
    this.#slots[place] = address + 1;
    this.#slots[place + 1] = this.#hash;
    if (replaced) return address;
    this.#size += 1;
    if (this.#size * 4 > this.#slots.length) this.#grow();
    return address;
  }

  /**
   * The address of `key`'s record, or -1. With `notes`, what the lookup found is noted as key `index` of a read
   * (`KeyNotes`), for a `setLive` of the same key to take.
   */
  addressOf(key: string, notes?: KeyNotes, index = -1): number {
    if (this.#size === 0 || this.#find(key) < 0) return -1;
    if (notes !== undefined) {
      if (notes.owner !== this) {
        notes.owner = this;
        notes.generation = this.#generation;
      }
      if (notes.generation === this.#generation)
        notes.note(index, this.#key, this.#keyLength, this.#hash, this.#slot);
    }
    return this.#tags[this.#slot] === 0 ? -1 : (this.#slots[this.#slot << 1] as number) - 1;
  }

  /** The record at `address` without its outcome (`addressOf`, `addresses`). */
  recordAt(address: number): CompactRecord {
    return this.#read(address);
  }

  /**
   * Every record's key and address, in the order their records were written (by address: the slots' order
   * depends on the table's random seed, and a dump or a rewrite must not).
   */
  *addresses(): IterableIterator<[string, number]> {
    for (const address of this.#written()) yield [this.#keyAt(address), address];
  }

  /** Every record, with its key, in the order they were written (`addresses`). */
  *entries(): IterableIterator<[string, CompactRecord]> {
    for (const address of this.#written()) yield [this.#keyAt(address), this.#read(address)];
  }

  /** Encodes `key` into `#key`, finds its slot (`#slot`: its record's, or the empty one it would take); -1: too long. */
  #find(key: string): number {
    const length = this.#encode(key);
    if (length < 0) return -1;
    const slots = this.#slots;
    const tags = this.#tags;
    const mask = tags.length - 1;
    const hash = this.#hash;
    const tag = tagOf(hash);
    let slot = hash & mask;
    for (;;) {
      const found = tags[slot] as number;
      if (found === 0) break;
      if (
        found === tag &&
        slots[(slot << 1) + 1] === hash &&
        this.#keyEquals((slots[slot << 1] as number) - 1)
      )
        break;
      slot = (slot + 1) & mask;
    }
    this.#slot = slot;
    return slot;
  }

  /** Writes `key` into `#key` as a record's head: tag, length (two bytes), key bytes. Its length, or -1. */
  #encode(key: string): number {
    const tag = scopeTag(key);
    if (tag !== RAW) {
      const length = this.#encodeScoped(key, tag);
      if (length !== RAW) return length;
    }
    const bytes = key.length * 2;
    if (bytes > MAX_KEY_BYTES) return -1;
    const out = this.#head(RAW, bytes);
    let hash = hashBytes(out, 0, 3, this.#seed);
    let at = 3;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      out[at++] = code & 0xff;
      out[at++] = code >>> 8;
      hash = Math.imul(Math.imul(hash ^ (code & 0xff), FNV_PRIME) ^ (code >>> 8), FNV_PRIME);
    }
    this.#keyLength = at;
    this.#hash = finishHash(hash);
    return at;
  }

  /**
   * `#encode` of a key of a scope's form: the user hash's 16 bytes and the characters after its `:`, one byte
   * each. `RAW` (0) when a digit is not lowercase hex or a character takes two bytes.
   */
  #encodeScoped(key: string, tag: number): number {
    const dot = dotOf(tag);
    const bytes = key.length - dot - 18;
    if (bytes > MAX_KEY_BYTES) return -1;
    const out = this.#head(tag, bytes);
    let hash = hashBytes(out, 0, 3, this.#seed);
    let at = 3;
    for (let i = dot + 1; i <= dot + 32; i += 2) {
      const high = hexValue(key.charCodeAt(i));
      const low = hexValue(key.charCodeAt(i + 1));
      if ((high | low) < 0) return RAW;
      const byte = (high << 4) | low;
      out[at++] = byte;
      hash = Math.imul(hash ^ byte, FNV_PRIME);
    }
    for (let i = idStartOf(tag); i < key.length; i++) {
      const code = key.charCodeAt(i);
      if (code > 0xff) return RAW;
      out[at++] = code;
      hash = Math.imul(hash ^ code, FNV_PRIME);
    }
    this.#keyLength = at;
    this.#hash = finishHash(hash);
    return at;
  }

  /** `#key`, large enough for a key of `bytes` bytes, with its head (tag, length) written. */
  #head(tag: number, bytes: number): Uint8Array {
    if (this.#key.length < bytes + 3) this.#key = new Uint8Array(Math.max(bytes + 3, this.#key.length * 2));
    const out = this.#key;
    out[0] = tag;
    out[1] = bytes & 0xff;
    out[2] = bytes >>> 8;
    return out;
  }

  /**
   * `#find` of key `index` of `notes` (its bytes at `notes.bytes[from]`): its slot probed for on from the one
   * noted while the table has not grown since (slots are only ever filled: the ones the noted probe passed still
   * hold other keys), else from its hash's.
   */
  #findNoted(notes: KeyNotes, index: number, from: number): void {
    const slots = this.#slots;
    const tags = this.#tags;
    const mask = tags.length - 1;
    const hash = notes.hashes[index] as number;
    const tag = tagOf(hash);
    let slot = notes.generation === this.#generation ? (notes.slots[index] as number) : hash & mask;
    for (;;) {
      const found = tags[slot] as number;
      if (found === 0) break;
      if (
        found === tag &&
        slots[(slot << 1) + 1] === hash &&
        this.#keyEquals((slots[slot << 1] as number) - 1, notes.bytes, from)
      )
        break;
      slot = (slot + 1) & mask;
    }
    this.#slot = slot;
    this.#hash = hash;
  }

  /** Whether the record at `address` has the key of `#keyLength` bytes at `key[from]` (`#key` by default). */
  #keyEquals(address: number, key: Uint8Array = this.#key, from = 0): boolean {
    const chunk = this.#chunks[address >>> CHUNK_BITS] as Uint8Array;
    const at = (address & (CHUNK - 1)) - from;
    const length = this.#keyLength;
    for (let i = from; i < from + length; i++) if (chunk[at + i] !== key[i]) return false;
    return true;
  }

  /** The bytes of the key of the record at `address` (head included). */
  #keyBytes(address: number): Uint8Array {
    const chunk = this.#chunks[address >>> CHUNK_BITS] as Uint8Array;
    const at = address & (CHUNK - 1);
    return chunk.subarray(at, at + keyBytesAt(chunk, at));
  }

  /** The addresses of the records kept, ascending: the order they were written (a replaced record's is its new one). */
  #written(): Uint32Array {
    return writtenAddresses(this.#slots, this.#size);
  }

  #keyAt(address: number): string {
    return keyText(this.#keyBytes(address));
  }

  #read(address: number): CompactRecord {
    const chunk = this.#chunks[address >>> CHUNK_BITS] as Uint8Array;
    let at = address & (CHUNK - 1);
    at += keyBytesAt(chunk, at);
    let fingerprint: string | undefined;
    if (((chunk[at++] as number) & HAS_FINGERPRINT) !== 0) {
      fingerprint = '';
      for (let i = 0; i < 16; i++) fingerprint += HEX_PAIRS[chunk[at++] as number];
    }
    timeBytes.set(chunk.subarray(at, at + 8));
    at += 8;
    return new CompactRecord(this.#users.idOf(readU32(chunk, at)), fingerprint, timeScratch[0] as number);
  }

  /** The address of `length` free bytes at the end of the last chunk (a new chunk when it is full), or -1. */
  #reserve(length: number): number {
    const chunks = this.#chunks;
    let last = chunks[chunks.length - 1];
    if (last === undefined || this.#used + length > last.length) {
      if (chunks.length >= MAX_CHUNKS) return -1;
      const size = Math.min(CHUNK, FIRST_CHUNK * 2 ** chunks.length);
      last = new Uint8Array(Math.max(size, length));
      chunks.push(last);
      this.#used = 0;
    }
    const address = (chunks.length - 1) * CHUNK + this.#used;
    this.#used += length;
    return address;
  }

  /** Doubles the table and puts every record back in its slot, by the hash kept with it. */
  #grow(): void {
    const old = this.#slots;
    const slots = new Uint32Array(old.length * 2);
    const tags = new Uint8Array(this.#tags.length * 2);
    const mask = tags.length - 1;
    for (let from = 0; from < old.length; from += 2) {
      const address = old[from] as number;
      if (address === 0) continue;
      const hash = old[from + 1] as number;
      let slot = hash & mask;
      while (tags[slot] !== 0) slot = (slot + 1) & mask;
      tags[slot] = tagOf(hash);
      slots[slot << 1] = address;
      slots[(slot << 1) + 1] = hash;
    }
    this.#slots = slots;
    this.#tags = tags;
    this.#generation += 1;
  }
}
