/** The byte format of `PackedRecords`: keys, fingerprints and times as bytes, and the hash over them. */

/** The longest encoded key a record keeps (its length is written in two bytes). */
export const MAX_KEY_BYTES = 0xffff;
/** Bytes of a record after its key: flags, a fingerprint's 16 bytes (when it has one), the time's 8, the user's 4. */
export const TAIL_BYTES = 1 + 16 + 8 + 4;
/** A record's flags: it has a fingerprint. */
export const HAS_FINGERPRINT = 1;
/** FNV-1a's (32 bits) prime (`hashBytes`); `#encode` hashes the bytes as it writes them. */
export const FNV_PRIME = 0x01000193;

/** The scopes of `recordKey` / `entityRecordKey` (`e.`, `t.`, … then 32 hex digits and `:`), by tag minus one. */
export const SCOPES = ['e', 't', 'd', 'ne', 'nt', 'nd'] as const;
/** A key in no scope's form: each UTF-16 code unit in two bytes. */
export const RAW = 0;
/** Where the `.` of a scoped key of tag `tag` is (after `e`, `t`, `d`, or after `ne`, `nt`, `nd`). */
export const dotOf = (tag: number): number => (tag > 3 ? 2 : 1);

/** Where the event id starts in a key of scope `tag` (`scopeTag`): after `<scope>.`, the user hash's 32 digits and `:`. */
export const idStartOf = (tag: number): number => dotOf(tag) + 34;

/** Lowercase hex digits' values by character code, -1 for any other code below 256. */
export const HEX_VALUES = Int8Array.from({ length: 256 }, (_, code) =>
  code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1,
);

/** The value of a lowercase hex digit's code, or -1 (`sha256Hex128` and fingerprints are lowercase). */
export const hexValue = (code: number): number => (code < 256 ? (HEX_VALUES[code] as number) : -1);

export const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** A fingerprint's 16 bytes, as `decodeFingerprint` leaves them. */
export const printScratch = new Uint8Array(16);

/** Writes `fingerprint`'s bytes into `printScratch`; false when it is not 32 lowercase hex digits. */
export function decodeFingerprint(fingerprint: string): boolean {
  if (fingerprint.length !== 32) return false;
  for (let i = 0; i < 16; i++) {
    const high = hexValue(fingerprint.charCodeAt(2 * i));
    const low = hexValue(fingerprint.charCodeAt(2 * i + 1));
    if ((high | low) < 0) return false;
    printScratch[i] = (high << 4) | low;
  }
  return true;
}

/** Whether `fingerprint` has the only form a packed record keeps: 32 lowercase hex digits (or none). */
export function packableFingerprint(fingerprint: string | undefined): boolean {
  return fingerprint === undefined || decodeFingerprint(fingerprint);
}

/** The tag of a scope's letter (`e`, `t`, `d`: 1, 2, 3), or -1. */
export const letterTag = (code: number): number =>
  code === 101 ? 1 : code === 116 ? 2 : code === 100 ? 3 : -1;

/**
 * The tag of `key`'s scope when it starts `<scope>.`, 32 characters later `:` (the hex digits and the one-byte
 * characters after it are checked as they are encoded), else `RAW`.
 */
export function scopeTag(key: string): number {
  let tag = -1;
  let dot = 1;
  if (key.charCodeAt(1) === 46) tag = letterTag(key.charCodeAt(0));
  else if (key.charCodeAt(2) === 46 && key.charCodeAt(0) === 110) {
    tag = letterTag(key.charCodeAt(1)) + 3;
    dot = 2;
  }
  return tag > 0 && key.length >= dot + 34 && key.charCodeAt(dot + 33) === 58 ? tag : RAW;
}

export const timeScratch = new Float64Array(1);
export const timeBytes = new Uint8Array(timeScratch.buffer);

/** How many bytes the key of the record at `chunk[at]` takes, head included. */
export const keyBytesAt = (chunk: Uint8Array, at: number): number =>
  3 + ((chunk[at + 1] as number) | ((chunk[at + 2] as number) << 8));

/**
 * A table's secret hash seed (`hashKey`, `hashBytes`): random per table, so ids a client chose cannot be crafted
 * offline to fall into one run of slots (hash flooding: each lookup of a crowded table would probe the whole run).
 */
export function hashSeed(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0] as number;
}

/**
 * The slot hash of an FNV-1a state: murmur3's finaliser, so every bit of the state reaches the low bits a table's
 * mask keeps (FNV-1a's low bits depend only on the inputs' low bits, which would let keys collide under any seed).
 */
export function finishHash(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The slot hash of `key`'s UTF-16 code units under `seed` (`UserNumbers`' table): FNV-1a from the seed, finished. */
export function hashKey(key: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), FNV_PRIME);
  return finishHash(hash);
}

/** FNV-1a (32 bits) of `bytes[from, to)` from `seed` (not finished: `#encode` goes on hashing from it). */
export function hashBytes(bytes: Uint8Array, from: number, to: number, seed: number): number {
  let hash = seed;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
  return hash >>> 0;
}

/** Writes `value` (below 2^32) at `chunk[at]`, little-endian. */
export function writeU32(chunk: Uint8Array, at: number, value: number): void {
  chunk[at] = value & 0xff;
  chunk[at + 1] = (value >>> 8) & 0xff;
  chunk[at + 2] = (value >>> 16) & 0xff;
  chunk[at + 3] = value >>> 24;
}

/** The number `writeU32` wrote at `chunk[at]`. */
export const readU32 = (chunk: Uint8Array, at: number): number =>
  ((chunk[at] as number) | ((chunk[at + 1] as number) << 8) | ((chunk[at + 2] as number) << 16)) +
  (chunk[at + 3] as number) * 0x1000000;

/** The key whose bytes (head included) a record starts with: `#encode`'s inverse. */
export function keyText(bytes: Uint8Array): string {
  const tag = bytes[0] as number;
  let key = '';
  if (tag === RAW) {
    for (let i = 3; i < bytes.length; i += 2)
      key += String.fromCharCode((bytes[i] as number) | ((bytes[i + 1] as number) << 8));
    return key;
  }
  key = `${SCOPES[tag - 1]}.`;
  for (let i = 3; i < 19; i++) key += HEX_PAIRS[bytes[i] as number];
  key += ':';
  for (let i = 19; i < bytes.length; i++) key += String.fromCharCode(bytes[i] as number);
  return key;
}

/** The addresses of the `size` records a table's slots (address + 1, hash) hold, ascending: the order they were written. */
export function writtenAddresses(slots: Uint32Array, size: number): Uint32Array {
  const addresses = new Uint32Array(size);
  let n = 0;
  for (let at = 0; at < slots.length; at += 2)
    if (slots[at] !== 0) addresses[n++] = (slots[at] as number) - 1;
  return addresses.sort();
}
