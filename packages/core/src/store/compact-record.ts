import { flat } from './flat';

/**
 * The text of a compacted outcome (`null`): one shared string literal, so a compacted record holds no text of
 * its own. A record given `outcome: null` reads the same: a compacted record.
 */
export const COMPACTED = 'null';

/** A fingerprint `CompactRecord` packs: 32 lowercase hex digits (`envelopeFingerprint`'s form). */
const HEX32 = /^[0-9a-f]{32}$/;
const packScratch = new DataView(new ArrayBuffer(8));
const packCodes: number[] = new Array<number>(24).fill(0);
/** Characters of a packed record before its user id: the fingerprint's 16 bytes, the commit time's 8. */
const HEAD = 24;

/**
 * A compacted record whose fingerprint is 32 hex digits, as one one-byte string (for a user id of one-byte
 * characters): the fingerprint's 16 bytes, the commit time's 8 (a float64), then the user id. `MemoryRecords`
 * keeps that string alone — 48 bytes of heap for a user id of up to 8 characters, where an object holding it
 * and the user took 80, and the `StoredRecord` compaction replaces 152 (an object of eight fields, a boxed
 * time, a 32-digit string). Records are kept for every event forever, so this is per event in the memory
 * store's heap past the retention window. This class is the view `MemoryRecords.get` hands out over it.
 */
export class CompactRecord {
  /** The packed string (see the class). */
  readonly packed: string;

  constructor(packed: string) {
    this.packed = packed;
  }

  /**
   * The packed string of a compacted record of `userId`, or `undefined` when `fingerprint` is absent or not 32
   * hex digits.
   */
  static pack(userId: string, fingerprint: string | undefined, committedAt: number): string | undefined {
    if (fingerprint === undefined || !HEX32.test(fingerprint)) return undefined;
    for (let i = 0; i < 16; i++) packCodes[i] = Number.parseInt(fingerprint.slice(2 * i, 2 * i + 2), 16);
    packScratch.setFloat64(0, committedAt);
    for (let i = 0; i < 8; i++) packCodes[16 + i] = packScratch.getUint8(i);
    // One flat string: a concatenation is, in V8, a rope that would keep its two parts (32 bytes more).
    return flat(String.fromCharCode(...packCodes) + userId);
  }

  get userId(): string {
    return this.packed.slice(HEAD);
  }

  get committedAt(): number {
    for (let i = 0; i < 8; i++) packScratch.setUint8(i, this.packed.charCodeAt(16 + i));
    return packScratch.getFloat64(0);
  }

  get fingerprint(): string {
    let hex = '';
    for (let i = 0; i < 16; i++) hex += this.packed.charCodeAt(i).toString(16).padStart(2, '0');
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
