/** Slots of the smallest table; it doubles past half full and halves below an eighth. */
const FIRST_SLOTS = 256;

/**
 * Where the outcome text of each packed record that still has one lies (segment, start, end: `PackedTexts`), by
 * the record's address in `PackedRecords`: an open-addressing table (linear probing, deletion by backward shift) in
 * typed arrays, 16 bytes a slot, outside the JavaScript heap. Kept beside the records, not in their bytes, so a
 * record that loses its text (past the retention window) keeps no byte of where it was, and the table shrinks as
 * the window empties.
 */
export class TextPlaces {
  /** Slot → address + 1 (0: empty). */
  #keys = new Uint32Array(FIRST_SLOTS);
  #segments = new Uint32Array(FIRST_SLOTS);
  #starts = new Uint32Array(FIRST_SLOTS);
  #ends = new Uint32Array(FIRST_SLOTS);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The place of the text of the record at `address` into `out` (segment, start, end); false when it has none. */
  get(address: number, out: Uint32Array): boolean {
    const slot = this.#slotOf(address);
    if (this.#keys[slot] === 0) return false;
    out[0] = this.#segments[slot] as number;
    out[1] = this.#starts[slot] as number;
    out[2] = this.#ends[slot] as number;
    return true;
  }

  has(address: number): boolean {
    return this.#keys[this.#slotOf(address)] !== 0;
  }

  /** Keeps (or moves) the place of the text of the record at `address`. */
  set(address: number, segment: number, start: number, end: number): void {
    const slot = this.#slotOf(address);
    this.#segments[slot] = segment;
    this.#starts[slot] = start;
    this.#ends[slot] = end;
    if (this.#keys[slot] !== 0) return;
    this.#keys[slot] = address + 1;
    this.#size += 1;
    if (this.#size * 2 > this.#keys.length) this.#resize(this.#keys.length * 2);
  }

  /** The record at `address` has no text from now on. */
  delete(address: number): void {
    const keys = this.#keys;
    const mask = keys.length - 1;
    let hole = this.#slotOf(address);
    if (keys[hole] === 0) return;
    keys[hole] = 0;
    this.#size -= 1;
    // Backward shift: each entry after the hole that may sit in it moves there.
    for (let slot = (hole + 1) & mask; keys[slot] !== 0; slot = (slot + 1) & mask) {
      const home = this.#home((keys[slot] as number) - 1, mask);
      if (((slot - home) & mask) < ((slot - hole) & mask)) continue;
      this.#move(slot, hole);
      hole = slot;
    }
    if (this.#size * 8 < keys.length && keys.length > FIRST_SLOTS) this.#resize(keys.length / 2);
  }

  #home(address: number, mask: number): number {
    const hash = Math.imul(address ^ (address >>> 16), 0x9e3779b1);
    return (hash ^ (hash >>> 15)) & mask;
  }

  /** The slot of `address`: its entry's, or the empty one it would take. */
  #slotOf(address: number): number {
    const keys = this.#keys;
    const mask = keys.length - 1;
    const key = address + 1;
    let slot = this.#home(address, mask);
    while (keys[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  #move(from: number, to: number): void {
    this.#keys[to] = this.#keys[from] as number;
    this.#segments[to] = this.#segments[from] as number;
    this.#starts[to] = this.#starts[from] as number;
    this.#ends[to] = this.#ends[from] as number;
    this.#keys[from] = 0;
  }

  #resize(slots: number): void {
    const [keys, segments, starts, ends] = [this.#keys, this.#segments, this.#starts, this.#ends];
    this.#keys = new Uint32Array(slots);
    this.#segments = new Uint32Array(slots);
    this.#starts = new Uint32Array(slots);
    this.#ends = new Uint32Array(slots);
    this.#size = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot] as number;
      if (key !== 0)
        this.set(key - 1, segments[slot] as number, starts[slot] as number, ends[slot] as number);
    }
  }
}
