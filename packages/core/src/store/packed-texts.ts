import type { PackedRecords } from './packed-records';
import { TextPlaces } from './text-places';

/**
 * The outcome texts of the records a `PackedRecords` keeps with `setLive`, and when each leaves the retention
 * window. Texts wait in a list until the memory store joins them into a segment (one string, numbered; `TextPlaces`
 * says which segment, start and end, by the record's address), as `MemoryRecords` does for its own records. Records come
 * by commit time (a queue of commit times and addresses in typed arrays; one out of order is inserted in its
 * place), so what a record keeps on the JavaScript heap is its share of a segment's string: no object, map entry
 * or heap node per record that a young-generation collection copies, then promotes.
 */
export class PackedTexts {
  /** Sealed segments' texts by number (`undefined`: every record in it lost its text); the next is pending. */
  readonly #segments: (string | undefined)[] = [];
  /** The addresses of each sealed segment's records, in the order of their texts. */
  readonly #members: (number[] | undefined)[] = [];
  /** How many records of each sealed segment still have their text. */
  readonly #live: number[] = [];
  #pending: string[] = [];
  #pendingAddresses: number[] = [];
  /** Characters of the pending texts whose records still have them, and of all of them (the next start). */
  #pendingChars = 0;
  #pendingEnd = 0;
  #pendingDropped = 0;
  /** Commit times and addresses of the records with text, oldest first, from `#head` to `#tail`. */
  #times = new Float64Array(256);
  #addresses = new Float64Array(256);
  #head = 0;
  #tail = 0;
  readonly #place = new Uint32Array(3);
  /** Where each record's text is, by its address. */
  readonly #places = new TextPlaces();

  constructor(readonly packed: PackedRecords) {}

  /** Characters of the texts waiting for a segment whose records still have them. */
  get pendingChars(): number {
    return this.#pendingChars;
  }

  /** Keeps `text` for the record at `address` (just kept with `PackedRecords.setLive`). */
  add(address: number, text: string, committedAt: number): void {
    const start = this.#pendingEnd;
    this.#pendingEnd = start + text.length;
    this.#pendingChars += text.length;
    this.#places.set(address, this.#segments.length, start, this.#pendingEnd);
    this.#pending.push(text);
    this.#pendingAddresses.push(address);
    this.#enqueue(committedAt, address);
  }

  /**
   * `add` of a commit's records kept packed, `placed` holding address, start, end and commit time of each: its
   * text is `text.slice(start, end)`. With `segment` (they are the whole of `text`, which `MemoryRecords` would
   * join at once), `text` is their segment as it is, after those waiting: no string per record, no joining.
   */
  addCommit(text: string, placed: readonly number[], segment: boolean): void {
    if (!segment) {
      for (let i = 0; i < placed.length; i += 4) {
        const address = placed[i] as number;
        this.add(address, text.slice(placed[i + 1], placed[i + 2]), placed[i + 3] as number);
      }
      return;
    }
    this.seal();
    const number = this.#segments.length;
    const members: number[] = new Array(placed.length / 4);
    for (let i = 0; i < placed.length; i += 4) {
      const address = placed[i] as number;
      members[i / 4] = address;
      this.#places.set(address, number, placed[i + 1] as number, placed[i + 2] as number);
      this.#enqueue(placed[i + 3] as number, address);
    }
    this.#segments.push(text);
    this.#members.push(members);
    this.#live.push(members.length);
  }

  /** The text of the record at `address`, or `undefined` when it has none. */
  textOf(address: number): string | undefined {
    const place = this.#place;
    if (!this.#places.get(address, place)) return undefined;
    const segment = place[0] as number;
    if (segment === this.#segments.length) return this.#pending[this.#pendingAddresses.indexOf(address)];
    return (this.#segments[segment] as string).slice(place[1], place[2]);
  }

  /** Joins the texts waiting (those whose records still have them) into a new segment. */
  seal(): void {
    if (this.#pendingDropped > 0) this.#keepPendingLive();
    if (this.#pending.length === 0) return;
    this.#segments.push(this.#pending.join(''));
    this.#members.push(this.#pendingAddresses);
    this.#live.push(this.#pendingAddresses.length);
    this.#pending = [];
    this.#pendingAddresses = [];
    this.#pendingChars = 0;
    this.#pendingEnd = 0;
  }

  /** The commit time of the oldest record that may still have its text (`Infinity`: none). */
  oldestAt(): number {
    return this.#head < this.#tail ? (this.#times[this.#head] as number) : Number.POSITIVE_INFINITY;
  }

  /**
   * The oldest record loses its text: true, or false when it had none (lost meanwhile). Call `settle` after the
   * last one.
   */
  dropOldest(touched: Set<number>): boolean {
    const address = this.#addresses[this.#head] as number;
    this.#head += 1;
    const place = this.#place;
    if (!this.#places.get(address, place)) return false;
    this.#places.delete(address);
    const segment = place[0] as number;
    if (segment === this.#segments.length) {
      this.#pendingChars -= (place[2] as number) - (place[1] as number);
      this.#pendingDropped += 1;
    } else {
      this.#live[segment] = (this.#live[segment] as number) - 1;
      touched.add(segment);
    }
    return true;
  }

  /**
   * After `dropOldest`: a segment none of whose records has its text is let go, one where at most half have is
   * rewritten with theirs only (so at most as much live text stays behind as was freed); waiting texts whose
   * records lost them are let go when they are at least half of those waiting.
   */
  settle(touched: Set<number>): void {
    for (const segment of touched) {
      const live = this.#live[segment] as number;
      const members = this.#members[segment] as number[];
      if (live === 0) {
        this.#segments[segment] = undefined;
        this.#members[segment] = undefined;
      } else if (live * 2 <= members.length) {
        const kept = members.filter((address) => this.#places.has(address));
        const texts = kept.map((address) => this.textOf(address) as string);
        this.#segments[segment] = this.#placeTexts(segment, kept, texts);
        this.#members[segment] = kept;
      }
    }
    if (this.#pendingDropped * 2 >= this.#pending.length && this.#pendingDropped > 0) this.#keepPendingLive();
    if (this.#head * 2 > this.#times.length) this.#shift();
  }

  /** Every text kept (segments and waiting texts): inspection (tests). */
  dump(): string[] {
    return [...this.#segments.filter((text) => text !== undefined), ...this.#pending];
  }

  /** The waiting texts of records that still have them, placed anew. */
  #keepPendingLive(): void {
    const addresses: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < this.#pendingAddresses.length; i++) {
      const address = this.#pendingAddresses[i] as number;
      if (!this.#places.has(address)) continue;
      addresses.push(address);
      texts.push(this.#pending[i] as string);
    }
    this.#pending = texts;
    this.#pendingAddresses = addresses;
    this.#pendingEnd = this.#placeTexts(this.#segments.length, addresses, texts).length;
    this.#pendingChars = this.#pendingEnd;
    this.#pendingDropped = 0;
  }

  /** Writes where each of `texts` lies in their joined string, as `segment`; returns that string. */
  #placeTexts(segment: number, addresses: readonly number[], texts: readonly string[]): string {
    let at = 0;
    for (let i = 0; i < addresses.length; i++) {
      const length = (texts[i] as string).length;
      this.#places.set(addresses[i] as number, segment, at, at + length);
      at += length;
    }
    return texts.join('');
  }

  /** Adds a record to the queue by commit time (after those of the same time). */
  #enqueue(time: number, address: number): void {
    if (this.#tail === this.#times.length) this.#shift();
    const times = this.#times;
    let at = this.#tail;
    if (at > this.#head && (times[at - 1] as number) > time) {
      let low = this.#head;
      let high = at;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((times[mid] as number) <= time) low = mid + 1;
        else high = mid;
      }
      times.copyWithin(low + 1, low, at);
      this.#addresses.copyWithin(low + 1, low, at);
      at = low;
    }
    times[at] = time;
    this.#addresses[at] = address;
    this.#tail += 1;
  }

  /**
   * Moves the queue to the start of its arrays, doubled when it fills more than half of them, halved (down to
   * 256) while it fills less than an eighth (the window emptied).
   */
  #shift(): void {
    const count = this.#tail - this.#head;
    let size = count * 2 > this.#times.length ? this.#times.length * 2 : this.#times.length;
    while (size > 256 && count * 8 < size) size /= 2;
    const times = new Float64Array(size);
    const addresses = new Float64Array(size);
    times.set(this.#times.subarray(this.#head, this.#tail));
    addresses.set(this.#addresses.subarray(this.#head, this.#tail));
    this.#times = times;
    this.#addresses = addresses;
    this.#head = 0;
    this.#tail = count;
  }
}
