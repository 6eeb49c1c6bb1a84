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

/** How many days of a bitmap are in `(from, to]`, without decoding them (0 for anything that is not one). */
export function countActiveDays(stored: unknown, from: number, to: number): number {
  if (!Array.isArray(stored) || typeof stored[0] !== 'number' || typeof stored[1] !== 'string') return 0;
  const [latest, hex] = stored as ActiveDayBits;
  let count = 0;
  for (let k = Math.min(hex.length, DIGITS) - 1; k >= 0; k--) {
    // Digit k from the right holds days latest − 4k … latest − 4k − 3 (lowest bit: the latest of them).
    if (latest - 4 * k - 3 > to || latest - 4 * k <= from) continue;
    const nibble = Number.parseInt(hex[hex.length - 1 - k]!, 16) || 0;
    for (let b = 0; b < 4; b++) {
      const day = latest - 4 * k - b;
      if (nibble & (1 << b) && day > from && day <= to) count++;
    }
  }
  return count;
}
