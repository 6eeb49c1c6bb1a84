/** Bits per key the filter keeps at least (it doubles past that): two probes, about 1.4% false positives. */
const BITS_PER_KEY = 16;
const FIRST_WORDS = 1024;
const FNV_PRIME = 0x01000193;

/** FNV-1a (32 bits) of `key`'s UTF-16 code units: what `KeyFilter` keeps of a key. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/**
 * A Bloom filter of the keys a store ever kept records under: `mayHave` false means the key was never added,
 * answered from a bit array of 2 bytes per key instead of a lookup in a map of every record (a batch looks up each
 * of its events, and a new event's key is never there: on a large map that miss is a few cache misses). Keys are
 * only added; `hashes` gives all their `hashKey`s again when the array doubles (a packed record's is taken from its
 * bytes, with no key string made).
 */
export class KeyFilter {
  #words = new Int32Array(FIRST_WORDS);
  #count = 0;
  /** The bits `#probe` found. */
  #a = 0;
  #b = 0;

  constructor(readonly hashes: () => Iterable<number>) {}

  /** False when `key` was never added; true when it may have been. */
  mayHave(key: string): boolean {
    this.#probe(key);
    const words = this.#words;
    const a = this.#a;
    const b = this.#b;
    return (
      ((words[a >>> 5] as number) & (1 << (a & 31))) !== 0 &&
      ((words[b >>> 5] as number) & (1 << (b & 31))) !== 0
    );
  }

  add(key: string): void {
    this.#count += 1;
    if (this.#count * BITS_PER_KEY > this.#words.length * 32) this.#rebuild(this.#words.length * 2);
    this.#set(key);
  }

  /** Forgets every key, then adds those `hashes` gives (a rewrite of the records). */
  reset(): void {
    this.#words = new Int32Array(FIRST_WORDS);
    this.#count = 0;
    for (const hash of this.hashes()) {
      this.#count += 1;
      if (this.#count * BITS_PER_KEY > this.#words.length * 32) this.#rebuild(this.#words.length * 2);
      this.#setHash(hash);
    }
  }

  #set(key: string): void {
    this.#setHash(hashKey(key));
  }

  #setHash(hash: number): void {
    this.#bits(hash);
    const words = this.#words;
    const a = this.#a;
    const b = this.#b;
    words[a >>> 5] = (words[a >>> 5] as number) | (1 << (a & 31));
    words[b >>> 5] = (words[b >>> 5] as number) | (1 << (b & 31));
  }

  /** The two bits of `key` (`#a`, `#b`). */
  #probe(key: string): void {
    this.#bits(hashKey(key));
  }

  /** The two bits of a key of hash `hash` (`#a`, `#b`). */
  #bits(hash: number): void {
    const mask = this.#words.length * 32 - 1;
    this.#a = hash & mask;
    this.#b = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) & mask;
  }

  #rebuild(size: number): void {
    this.#words = new Int32Array(size);
    let count = 0;
    for (const hash of this.hashes()) {
      this.#setHash(hash);
      count += 1;
    }
    this.#count = count;
  }
}
