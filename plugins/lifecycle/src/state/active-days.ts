/** How many recent local days of activity the slice keeps (the longest `lifecycle.activeDays` window). */
export const HISTORY_DAYS = 120;

/**
 * The recent active days as a slice stores them: `[latest, bits]`, the latest active local day and a
 * hexadecimal bitmap of the HISTORY_DAYS days ending at it (bit i set: day `latest − i` was active; leading
 * zeros dropped). At most 30 hex digits however often the user comes back, where a list of day numbers
 * took up to 120 numbers.
 */
export type ActiveDayBits = [latest: number, bits: string];

const DIGITS = HISTORY_DAYS / 4;

/** The bitmap of ascending, distinct day numbers within HISTORY_DAYS of the last one (null when none). */
export function encodeActiveDays(days: readonly number[]): ActiveDayBits | null {
  const latest = days[days.length - 1];
  if (latest === undefined) return null;
  const nibbles = new Array<number>(DIGITS).fill(0);
  for (const day of days) {
    const i = latest - day;
    if (i >= 0 && i < HISTORY_DAYS) nibbles[DIGITS - 1 - (i >> 2)]! |= 1 << (i & 3);
  }
  const hex = nibbles.map((n) => n.toString(16)).join('');
  return [latest, hex.replace(/^0+(?=.)/, '')];
}

/** A bitmap as encodeActiveDays writes it: 1–30 lowercase hex digits, no leading zero. */
const CANONICAL = /^[1-9a-f][0-9a-f]{0,29}$/;
/** The bitmap in words of 24 bits (6 hex digits; exact in a double when shifted), least significant first. */
const WORD_BITS = 24;
const WORD_DIGITS = WORD_BITS / 4;
const WORDS = HISTORY_DAYS / WORD_BITS;
const WORD = 2 ** WORD_BITS;

/** A bitmap with one more day, and the streak of days ending at its latest one. */
export interface AddedDay {
  bits: ActiveDayBits;
  streak: number;
}

/**
 * Adds a day that `stored` does not hold without decoding its days (constant work however many days it
 * holds): the same bitmap and streak as decoding, adding, keeping the last HISTORY_DAYS and re-encoding
 * would give. Null when `stored` is not as encodeActiveDays writes it with its latest day set (the caller
 * then decodes).
 */
export function addActiveDay(stored: ActiveDayBits, day: number): AddedDay | null {
  const [latest, hex] = stored;
  if (!Number.isInteger(latest) || !Number.isInteger(day) || !CANONICAL.test(hex)) return null;
  if ((Number.parseInt(hex[hex.length - 1]!, 16) & 1) === 0) return null;
  const words: number[] = [];
  for (let w = 0; w < WORDS; w++) {
    const end = hex.length - w * WORD_DIGITS;
    words.push(end > 0 ? Number.parseInt(hex.slice(Math.max(0, end - WORD_DIGITS), end), 16) : 0);
  }
  let top = latest;
  if (day > latest) {
    const shift = Math.min(day - latest, HISTORY_DAYS);
    const by = Math.floor(shift / WORD_BITS);
    const r = shift % WORD_BITS;
    for (let w = WORDS - 1; w >= 0; w--) {
      const high = w - by >= 0 ? (words[w - by]! * 2 ** r) % WORD : 0;
      const low = w - by - 1 >= 0 ? Math.floor(words[w - by - 1]! / 2 ** (WORD_BITS - r)) : 0;
      words[w] = high + low;
    }
    words[0]! += 1;
    top = day;
  } else if (latest - day < HISTORY_DAYS) {
    const i = latest - day;
    words[Math.floor(i / WORD_BITS)]! |= 1 << (i % WORD_BITS);
  }
  return { bits: [top, wordsToHex(words)], streak: trailingOnes(words) };
}

/** The hex digits of a bitmap's words, without leading zeros. */
function wordsToHex(words: readonly number[]): string {
  let hex = '';
  for (let w = WORDS - 1; w >= 0; w--) {
    const word = words[w]!;
    if (hex === '') {
      if (word !== 0 || w === 0) hex = word.toString(16);
    } else hex += word.toString(16).padStart(WORD_DIGITS, '0');
  }
  return hex;
}

/** How many consecutive days end at the latest day of a bitmap's words. */
function trailingOnes(words: readonly number[]): number {
  let ones = 0;
  for (const word of words) {
    if (word === WORD - 1) {
      ones += WORD_BITS;
      continue;
    }
    const lowestZero = ~word & (word + 1);
    return ones + 31 - Math.clz32(lowestZero);
  }
  return ones;
}

/** The ascending day numbers of a bitmap (anything that is not one reads as no days). */
export function decodeActiveDays(stored: unknown): number[] {
  if (!Array.isArray(stored) || typeof stored[0] !== 'number' || typeof stored[1] !== 'string') return [];
  const [latest, hex] = stored as ActiveDayBits;
  const days: number[] = [];
  for (let k = Math.min(hex.length, DIGITS) - 1; k >= 0; k--) {
    // Digit k from the right holds days latest − 4k … latest − 4k − 3 (lowest bit: the latest of them).
    const nibble = Number.parseInt(hex[hex.length - 1 - k]!, 16) || 0;
    for (let b = 3; b >= 0; b--) if (nibble & (1 << b)) days.push(latest - 4 * k - b);
  }
  return days;
}

/** Whether `day` is set in a bitmap (false for anything that is not one), without decoding its days. */
export function hasActiveDay(stored: ActiveDayBits, day: number): boolean {
  const [latest, hex] = stored;
  const i = latest - day;
  if (!(i >= 0 && i < HISTORY_DAYS)) return false;
  const k = i >> 2;
  if (k >= hex.length) return false;
  const nibble = Number.parseInt(hex[hex.length - 1 - k]!, 16) || 0;
  return (nibble & (1 << (i & 3))) !== 0;
}

/** The value of a hex digit by character code (as `Number.parseInt(c, 16) || 0`: other characters read 0). */
const NIBBLE: number[] = Array.from(
  { length: 128 },
  (_, c) => Number.parseInt(String.fromCharCode(c), 16) || 0,
);
/** How many bits each nibble has set. */
const ONES = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** How many days of a bitmap are in `(from, to]`, without decoding them (0 for anything that is not one). */
export function countActiveDays(stored: unknown, from: number, to: number): number {
  if (!Array.isArray(stored) || typeof stored[0] !== 'number' || typeof stored[1] !== 'string') return 0;
  const [latest, hex] = stored as ActiveDayBits;
  // Only the digits holding bits latest − to … latest − from − 1 (bit i: day latest − i): a window of
  // N days reads about N / 4 digits however long the bitmap is.
  const low = Math.max(0, latest - to);
  const high = Math.min(Math.min(hex.length, DIGITS) * 4 - 1, latest - from - 1);
  let count = 0;
  for (let k = low >> 2; k <= high >> 2; k++) {
    // Digit k from the right holds days latest − 4k … latest − 4k − 3 (lowest bit: the latest of them).
    const nibble = NIBBLE[hex.charCodeAt(hex.length - 1 - k)] ?? 0;
    const mask = ((2 << Math.min(3, high - 4 * k)) - 1) & ~((1 << Math.max(0, low - 4 * k)) - 1);
    count += ONES[nibble & mask]!;
  }
  return count;
}
