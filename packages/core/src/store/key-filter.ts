/** Bits per key the filter keeps at least (it doubles past that): two probes, about 1.4% false positives. */
const BITS_PER_KEY = 16;
const FIRST_WORDS = 1024;
const FNV_PRIME = 0x01000193;

/** FNV-1a (32 bits) of `key`'s UTF-16 code units. */
function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/**
 * A Bloom filter of the keys a store ever kept records under: `mayHave` false means the key was never added,
 * answered from a bit array of 2 bytes per key instead of a lookup in a map of every record (a batch looks up each
 * of its events, and a new event's key is never there: on a large map that miss is a few cache misses). Keys are
 * only added; `keys` gives them all again when the array doubles.
 */
export class KeyFilter {
  #words = new Int32Array(FIRST_WORDS);
  #count = 0;
  /** The bits `#probe` found. */
  #a = 0;
  #b = 0;

  constructor(readonly keys: () => Iterable<string>) {}

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

  /** Forgets every key, then adds those `keys` gives (a rewrite of the records). */
  reset(): void {
    this.#words = new Int32Array(FIRST_WORDS);
    this.#count = 0;
    for (const key of this.keys()) this.add(key);
  }

  #set(key: string): void {
    this.#probe(key);
    const words = this.#words;
    const a = this.#a;
    const b = this.#b;
    words[a >>> 5] = (words[a >>> 5] as number) | (1 << (a & 31));
    words[b >>> 5] = (words[b >>> 5] as number) | (1 << (b & 31));
  }

  /** The two bits of `key` (`#a`, `#b`). */
  #probe(key: string): void {
    const hash = hashKey(key);
    const mask = this.#words.length * 32 - 1;
    this.#a = hash & mask;
    this.#b = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) & mask;
  }

  #rebuild(size: number): void {
    this.#words = new Int32Array(size);
    let count = 0;
    for (const key of this.keys()) {
      this.#set(key);
      count += 1;
    }
    this.#count = count;
  }
}
