import { flat } from './flat';

/**
 * The text of a compacted outcome (`null`): one shared string literal, so a compacted record holds no text of
 * its own. A record given `outcome: null` reads the same: a compacted record.
 */
export const COMPACTED = 'null';

const packScratch = new DataView(new ArrayBuffer(8));
/** The codes of a packed record's head, with a fingerprint (tag, 16 bytes, 8) and without (tag, 8). */
const withFingerprint: number[] = new Array<number>(25).fill(0);
const withoutFingerprint: number[] = new Array<number>(9).fill(0);
/** The first character of a packed record: whether a fingerprint follows. */
const WITH_FINGERPRINT = 1;
const WITHOUT = 0;

/** The value of a lowercase hex digit's code, or -1 (`envelopeFingerprint` writes lowercase digits only). */
const hexValue = (code: number): number =>
  code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1;

/** Writes the float64 `time` into `codes` from `at`, one byte a code. */
function putTime(codes: number[], at: number, time: number): void {
  packScratch.setFloat64(0, time);
  for (let i = 0; i < 8; i++) codes[at + i] = packScratch.getUint8(i);
}

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
    let codes = withoutFingerprint;
    if (fingerprint !== undefined) {
      if (fingerprint.length !== 32) return undefined;
      codes = withFingerprint;
      for (let i = 0; i < 16; i++) {
        const high = hexValue(fingerprint.charCodeAt(2 * i));
        const low = hexValue(fingerprint.charCodeAt(2 * i + 1));
        if (high < 0 || low < 0) return undefined;
        codes[1 + i] = (high << 4) | low;
      }
    }
    codes[0] = codes === withFingerprint ? WITH_FINGERPRINT : WITHOUT;
    putTime(codes, codes.length - 8, committedAt);
    // One flat string: a concatenation is, in V8, a rope that would keep its two parts (32 bytes more).
    return flat(String.fromCharCode.apply(null, codes) + userId);
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
