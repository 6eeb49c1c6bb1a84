import { hashKey, hashSeed } from './packed-format';

/**
 * User ids by number and numbers by user id, for `PackedRecords` (a record keeps its user's number, 4 bytes): an
 * open-addressing table of numbers (linear probing, at most half full) over `hashKey` of the ids (seeded per table), the ids in an
 * array. A lookup hashes the id in JavaScript and compares it with the ids its probe meets; a `Map` of ids hashed
 * each event's fresh id string in the runtime (~0.6-0.8 µs per record on the 40-rule bench, profile self time),
 * and took about as many bytes per user as this table's 8-16.
 */
export class UserNumbers {
  readonly #ids: string[] = [];
  readonly #seed = hashSeed();
  /** Slot → number + 1 (0: empty). */
  #slots = new Int32Array(64);

  /** The id of number `user`. */
  idOf(user: number): string {
    return this.#ids[user] as string;
  }

  /** The number of `userId`, given one when it has none. */
  numberOf(userId: string): number {
    const ids = this.#ids;
    let slots = this.#slots;
    let mask = slots.length - 1;
    let slot = hashKey(userId, this.#seed) & mask;
    for (;;) {
      const user = slots[slot] as number;
      if (user === 0) break;
      if (ids[user - 1] === userId) return user - 1;
      slot = (slot + 1) & mask;
    }
    const user = ids.length;
    ids.push(userId);
    if (ids.length * 2 > slots.length) {
      this.#grow();
      slots = this.#slots;
      mask = slots.length - 1;
      slot = hashKey(userId, this.#seed) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
    }
    slots[slot] = user + 1;
    return user;
  }

  /** Doubles the table and puts every number back in its slot (the newest id, not yet in a slot, too). */
  #grow(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    const ids = this.#ids;
    for (let user = 0; user < ids.length - 1; user++) {
      let slot = hashKey(ids[user] as string, this.#seed) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = user + 1;
    }
    this.#slots = slots;
  }
}
