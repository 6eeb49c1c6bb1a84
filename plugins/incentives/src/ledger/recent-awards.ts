import type { FoldedAwards } from '../types';

/*
 * A checkpoint's folded awards (`OpeningBalance.recent`) are written as one flat array of numbers,
 * `[Δat, amount, Δat, amount, …]`, each Δat the award's time less the previous award's (the first one's
 * from 0), in time order. In JSON that is a few digits per time instead of 13, and on the heap one array of
 * doubles instead of an array and two boxed numbers per award. Documents written before hold
 * `[[at, amount], …]` pairs: they read the same. Readers see both as `[at, amount, at, amount, …]` with
 * absolute times (`foldedFlat`).
 */

/** Absolute `[at, amount, …]` of each stored list, built once per list (stored lists are never edited). */
const flats = new WeakMap<FoldedAwards, readonly number[]>();

const NONE: readonly number[] = [];

/** Whether `recent` is the earlier layout, `[[at, amount], …]`. */
const isPairs = (recent: FoldedAwards): recent is Array<[number, number]> =>
  recent.length > 0 && Array.isArray(recent[0]);

/**
 * The folded awards as `[at, amount, at, amount, …]` (absolute times, time order), whichever layout stores
 * them; empty for none.
 */
export function foldedFlat(recent: FoldedAwards | undefined): readonly number[] {
  if (recent === undefined || recent.length === 0) return NONE;
  let flat = flats.get(recent);
  if (flat !== undefined) return flat;
  // Sized up front: an array of doubles without spare room (about 8 bytes a number).
  const out: number[] = new Array(isPairs(recent) ? 2 * recent.length : recent.length);
  if (isPairs(recent))
    for (let i = 0; i < recent.length; i++) {
      out[2 * i] = recent[i]![0];
      out[2 * i + 1] = recent[i]![1];
    }
  else {
    const deltas = recent as readonly number[];
    let at = 0;
    for (let i = 0; i < deltas.length; i += 2) {
      at += deltas[i]!;
      out[i] = at;
      out[i + 1] = deltas[i + 1]!;
    }
  }
  flat = out;
  flats.set(recent, flat);
  return flat;
}

/**
 * The folded awards as stored when flat (`deltas`: each time is the sum of the Δats so far, as `foldedFlat` sums
 * them), else `foldedFlat`'s absolute list: a reader walking the list once reads a just-parsed document in place.
 */
export function foldedList(recent: FoldedAwards | undefined): { list: readonly number[]; deltas: boolean } {
  if (recent === undefined || recent.length === 0 || isPairs(recent))
    return { list: foldedFlat(recent), deltas: false };
  return { list: recent as readonly number[], deltas: true };
}

/**
 * The time of the first (earliest) folded award, read in place whichever layout stores them (no decoding of
 * the list), or undefined for none: what `foldedFlat(recent)[0]` gives.
 */
export function foldedFirstAt(recent: FoldedAwards | undefined): number | undefined {
  if (recent === undefined || recent.length === 0) return undefined;
  // The first Δat is from 0: the first award's time itself.
  return isPairs(recent) ? recent[0]![0] : (recent[0] as number);
}

/**
 * The time of the last (latest) folded award, or 0 for none: what `foldedFlat(recent)` ends with, summed in
 * place (the same additions in the same order) when the list is not decoded yet, so a check of a review's
 * inputs decodes nothing.
 */
export function foldedLastAt(recent: FoldedAwards | undefined): number {
  if (recent === undefined || recent.length === 0) return 0;
  const flat = flats.get(recent);
  if (flat !== undefined) return flat[flat.length - 2]!;
  if (isPairs(recent)) return recent[recent.length - 1]![0];
  const deltas = recent as readonly number[];
  let at = 0;
  for (let i = 0; i < deltas.length; i += 2) at += deltas[i]!;
  return at;
}

/**
 * `sum` plus the amounts of the folded awards with `from < at <= t`, added in list order (what summing over
 * `foldedFlat(recent)` gives), read in place: a score of a just-parsed document decodes nothing.
 */
export function foldedSumIn(recent: FoldedAwards | undefined, from: number, t: number, sum: number): number {
  if (recent === undefined || recent.length === 0) return sum;
  if (isPairs(recent)) {
    for (const [at, amount] of recent) if (at > from && at <= t) sum += amount;
    return sum;
  }
  const deltas = recent as readonly number[];
  let at = 0;
  for (let i = 0; i < deltas.length; i += 2) {
    at += deltas[i]!;
    if (at > from && at <= t) sum += deltas[i + 1]!;
  }
  return sum;
}

/** The count of folded awards, whichever layout stores them. */
export const foldedCount = (recent: FoldedAwards | undefined): number =>
  recent === undefined ? 0 : isPairs(recent) ? recent.length : recent.length / 2;

/** The folded awards as `[at, amount]` pairs (absolute times, time order), whichever layout stores them. */
export function foldedPairs(recent: FoldedAwards | undefined): Array<[number, number]> {
  const flat = foldedFlat(recent);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  return pairs;
}

/**
 * The stored form of awards `[at, amount]` in time order: flat and delta-encoded (see above) when every time
 * reads back exactly (integer epoch ms always do), else the pairs as they are. The result reads back
 * (`foldedFlat`) to exactly these times and amounts.
 */
export function storedFolded(pairs: ReadonlyArray<readonly [number, number]>): FoldedAwards {
  const out: number[] = [];
  let previous = 0;
  for (const [at, amount] of pairs) {
    const delta = at - previous;
    // Float subtraction may round (times far apart, fractions): keep such a list in the earlier layout.
    if (previous + delta !== at) return pairs.map(([a, n]): [number, number] => [a, n]);
    out.push(delta, amount);
    previous = at;
  }
  return out;
}
