/** Entries of the smallest index; it doubles when full and halves while an eighth or less is used. */
const FIRST_ENTRIES = 256;
/** The segment of an entry whose record lost its text (deleted, not yet swept out). */
const GONE = 0xffffffff;

/**
 * Where the outcome text of each packed record that still has one lies (segment, start, end: `PackedTexts`), by
 * the record's address in `PackedRecords`: entries sorted by address in typed arrays, 16 bytes an entry, outside
 * the JavaScript heap. A record's address is larger than every earlier one (`PackedRecords` only appends), so
 * keeping a place appends an entry: four writes in a row, where a hash table by address took four scattered
 * writes into a table much larger than the cache, and a rehash of every entry at each growth (~1% of the 41-rule
 * row, profile). A lookup (a read of a record that has its text: a replay, a duplicate) is a binary search. A
 * deleted entry is marked and swept out once the deleted ones at the front, or half of all, are reached; so a record
 * that lost its text keeps no byte of where it was, and the index shrinks as the window empties.
 */
export class TextPlaces {
  #addresses = new Uint32Array(FIRST_ENTRIES);
  #segments = new Uint32Array(FIRST_ENTRIES);
  #starts = new Uint32Array(FIRST_ENTRIES);
  #ends = new Uint32Array(FIRST_ENTRIES);
  /** Entries in use are `[#head, #tail)`; `#gone` of them are deleted. */
  #head = 0;
  #tail = 0;
  #gone = 0;

  get size(): number {
    return this.#tail - this.#head - this.#gone;
  }

  /** The place of the text of the record at `address` into `out` (segment, start, end); false when it has none. */
  get(address: number, out: Uint32Array): boolean {
    const at = this.#find(address);
    if (at < 0) return false;
    out[0] = this.#segments[at] as number;
    out[1] = this.#starts[at] as number;
    out[2] = this.#ends[at] as number;
    return true;
  }

  has(address: number): boolean {
    return this.#find(address) >= 0;
  }

  /** Keeps (or moves) the place of the text of the record at `address`. */
  set(address: number, segment: number, start: number, end: number): void {
    let at: number;
    if (this.#tail > this.#head && !((this.#addresses[this.#tail - 1] as number) < address)) {
      at = this.#lowerBound(address);
      if (at < this.#tail && this.#addresses[at] === address) {
        if (this.#segments[at] === GONE) this.#gone -= 1;
      } else at = this.#insertAt(at);
    } else {
      if (this.#tail === this.#addresses.length) this.#resize();
      at = this.#tail++;
    }
    this.#addresses[at] = address;
    this.#segments[at] = segment;
    this.#starts[at] = start;
    this.#ends[at] = end;
  }

  /** The record at `address` has no text from now on. */
  delete(address: number): void {
    const at = this.#find(address);
    if (at < 0) return;
    this.#segments[at] = GONE;
    this.#gone += 1;
    while (this.#head < this.#tail && this.#segments[this.#head] === GONE) {
      this.#head += 1;
      this.#gone -= 1;
    }
    const used = this.#tail - this.#head;
    if (
      this.#gone * 2 > used ||
      (used * 8 <= this.#addresses.length && this.#addresses.length > FIRST_ENTRIES)
    )
      this.#resize();
  }

  /** The entry of `address`, or -1 (none, or deleted). */
  #find(address: number): number {
    const at = this.#lowerBound(address);
    return at < this.#tail && this.#addresses[at] === address && this.#segments[at] !== GONE ? at : -1;
  }

  /** The first entry whose address is not below `address` (`#tail` when none). */
  #lowerBound(address: number): number {
    const addresses = this.#addresses;
    let low = this.#head;
    let high = this.#tail;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((addresses[mid] as number) < address) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Makes room for an entry at `at` (entries from there move one on); its index after any resize. */
  #insertAt(at: number): number {
    if (this.#tail === this.#addresses.length) {
      const offset = at - this.#head;
      this.#resize();
      at = this.#head + offset;
    }
    const tail = this.#tail;
    this.#addresses.copyWithin(at + 1, at, tail);
    this.#segments.copyWithin(at + 1, at, tail);
    this.#starts.copyWithin(at + 1, at, tail);
    this.#ends.copyWithin(at + 1, at, tail);
    this.#tail += 1;
    return at;
  }

  /**
   * Moves the entries not deleted to the start of new arrays: twice their count when they fill more than half,
   * else as large as before, halved (down to `FIRST_ENTRIES`) while they would fill an eighth or less.
   */
  #resize(): void {
    const count = this.#tail - this.#head - this.#gone;
    let size = this.#addresses.length;
    if ((count + 1) * 2 > size) size *= 2;
    while (size > FIRST_ENTRIES && count * 8 <= size) size /= 2;
    const addresses = new Uint32Array(size);
    const segments = new Uint32Array(size);
    const starts = new Uint32Array(size);
    const ends = new Uint32Array(size);
    let n = 0;
    for (let at = this.#head; at < this.#tail; at++) {
      const segment = this.#segments[at] as number;
      if (segment === GONE) continue;
      addresses[n] = this.#addresses[at] as number;
      segments[n] = segment;
      starts[n] = this.#starts[at] as number;
      ends[n] = this.#ends[at] as number;
      n += 1;
    }
    this.#addresses = addresses;
    this.#segments = segments;
    this.#starts = starts;
    this.#ends = ends;
    this.#head = 0;
    this.#tail = n;
    this.#gone = 0;
  }
}
