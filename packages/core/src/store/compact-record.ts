import { flat } from './flat';

/**
 * The text of a compacted outcome (`null`): one shared string literal, so a compacted record holds no text of
 * its own. A record given `outcome: null` reads the same: a compacted record.
 */
export const COMPACTED = 'null';

/** A fingerprint `CompactRecord` packs: 32 lowercase hex digits (`envelopeFingerprint`'s form). */
const HEX32 = /^[0-9a-f]{32}$/;
const packScratch = new DataView(new ArrayBuffer(8));
const packCodes: number[] = new Array<number>(25).fill(0);
/** The first character of a packed record: whether a fingerprint follows. */
const WITH_FINGERPRINT = 1;
const WITHOUT = 0;

/**
 * A compacted record as one string, of one-byte characters for a user id of one-byte characters: a tag (a
 * fingerprint follows or not), the fingerprint's 16 bytes when it has one (32 hex digits: the only form it
 * packs), the commit time's 8 (a float64), then the user id. `MemoryRecords` keeps that string alone — 48 bytes
 * of heap for a user id of up to 7 characters, where an object holding it and the user took 80, and the
 * `StoredRecord` compaction replaces 152 (an object of eight fields, a boxed time, a 32-digit string). Records
 * are kept for every event forever (fired timers' and derived events' too, which have no fingerprint), so this
 * is per event in the memory store's heap past the retention window. This class is the view `MemoryRecords.get`
 * hands out over it.
 */
export class CompactRecord {
  /** The packed string (see the class). */
  readonly packed: string;

  constructor(packed: string) {
    this.packed = packed;
  }

  /**
   * The packed string of a compacted record of `userId`, or `undefined` when `fingerprint` is given in another
   * form than 32 hex digits (the record is then kept as it is).
   */
  static pack(userId: string, fingerprint: string | undefined, committedAt: number): string | undefined {
    let at = 1;
    if (fingerprint === undefined) packCodes[0] = WITHOUT;
    else if (!HEX32.test(fingerprint)) return undefined;
    else {
      packCodes[0] = WITH_FINGERPRINT;
      for (let i = 0; i < 16; i++) packCodes[at++] = Number.parseInt(fingerprint.slice(2 * i, 2 * i + 2), 16);
    }
    packScratch.setFloat64(0, committedAt);
    for (let i = 0; i < 8; i++) packCodes[at++] = packScratch.getUint8(i);
    // One flat string: a concatenation is, in V8, a rope that would keep its two parts (32 bytes more).
    return flat(String.fromCharCode(...packCodes.slice(0, at)) + userId);
  }

  /** Where the commit time starts in the packed string. */
  get #timeAt(): number {
    return this.packed.charCodeAt(0) === WITH_FINGERPRINT ? 17 : 1;
  }

  get userId(): string {
    return this.packed.slice(this.#timeAt + 8);
  }

  get committedAt(): number {
    const at = this.#timeAt;
    for (let i = 0; i < 8; i++) packScratch.setUint8(i, this.packed.charCodeAt(at + i));
    return packScratch.getFloat64(0);
  }

  get fingerprint(): string | undefined {
    if (this.packed.charCodeAt(0) !== WITH_FINGERPRINT) return undefined;
    let hex = '';
    for (let i = 1; i <= 16; i++) hex += this.packed.charCodeAt(i).toString(16).padStart(2, '0');
    return hex;
  }

  get text(): string {
    return COMPACTED;
  }

  get segment(): undefined {
    return undefined;
  }

  outcomeText(): string {
    return COMPACTED;
  }

  get compactable(): boolean {
    return false;
  }
}
