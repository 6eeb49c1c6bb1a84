import { createHash } from 'node:crypto';
import { foldedCount, foldedLastAt } from '../ledger/recent-awards';
import { hasId, idOf } from '../ledger/stored-entry';
import type { TierSettings } from '../settings-types';
import { localDayNumber } from '../time';
import type { FoldedAwards, IncentivesState } from '../types';
import type { LedgerPass } from './ledger-pass';

/*
 * What a tier review reads, as a small value a review leaves in the tier (`TierState.inputs`), so that a later
 * review of the same inputs, before the next change the last one computed, can be skipped (`reviewUserTier`). A
 * review reads the score's inputs — the ledger (appended to, folded from the front) and the checkpoint's folded
 * awards for a points score, the recent activity and the user's time zone for an actions score — the tier
 * settings, and the tier itself (kept in the same slice, changed only by reviews). Two values are equal only
 * when those inputs are (a 32-bit hash, before, let colliding inputs skip a review that had to run): a points
 * score's are the values themselves, the settings and an actions score's rows the first 128 bits of their
 * SHA-256. `sameInputs` compares in place (a review asks it twice per dispatch; it allocates nothing). A points
 * score's value also keeps the score the review computed: a later review of a ledger that only appended to the one
 * read (`readLength`) bounds the score by it (`boundedScore`), and is skipped when that stays below the next level.
 */

/** What a review read: see `tierInputs`. */
export type TierInputs = Array<string | number>;

/** The first 128 bits of the SHA-256 of `text`, as 32 hex digits. */
const sha256Hex128 = (text: string): string =>
  createHash('sha256').update(text).digest().toString('hex', 0, 16);

const settingsTokens = new WeakMap<TierSettings, string>();

/** A token of the tier settings (their JSON), computed once per settings object (settings are never changed). */
function settingsToken(tiers: TierSettings): string {
  let token = settingsTokens.get(tiers);
  if (token === undefined) {
    token = sha256Hex128(JSON.stringify(tiers));
    settingsTokens.set(tiers, token);
  }
  return token;
}

/**
 * The folded awards a points score reads (its wallet's checkpoint `recent`), when any, as stored: what a
 * review's inputs keep of them is their count and the last one's time (`foldedCount`, `foldedLastAt`).
 */
function foldedAwards(state: IncentivesState, tiers: TierSettings): FoldedAwards | undefined {
  const wallet = tiers.score.wallet ?? 'points';
  return Object.hasOwn(state.opening, wallet) ? state.opening[wallet]!.recent : undefined;
}

/** An actions score's inputs but the settings: a hash of the activity rows (their JSON). */
const activityToken = (state: IncentivesState): string => sha256Hex128(JSON.stringify(state.activity));

/**
 * What a review of `state` reads with these settings in `timeZone`. For a points score: `[settings, ledger
 * length, folded awards' count, last folded time, last entry's id, score]` (ids are unique and entries are only
 * appended or folded, so any append changes the last entry, and any fold the length; 0 and '' when none), `score`
 * the score the review computed from them, kept for the reviews after it (`boundedScore`); for an actions score:
 * `[settings, activity rows, time zone]`. `lastId`, when given, is a string that may be the last entry's id (kept
 * instead of building it again when it is); `isLast` tells that it is (the id an award noted for this very ledger,
 * `notedLastId`): it is then not compared with the entry.
 */
export function tierInputs(
  state: IncentivesState,
  tiers: TierSettings,
  timeZone: string,
  score: number,
  lastId?: string,
  isLast = false,
): TierInputs {
  const settings = settingsToken(tiers);
  if (tiers.score.source !== 'points') return frozen([settings, activityToken(state), timeZone]);
  const entries = state.entries;
  const last = entries[entries.length - 1];
  const recent = foldedAwards(state, tiers);
  return frozen([
    settings,
    entries.length,
    foldedCount(recent),
    foldedLastAt(recent),
    last === undefined ? '' : lastId !== undefined && (isLast || hasId(last, lastId)) ? lastId : idOf(last),
    score,
  ]);
}

/**
 * `inputs`, frozen: strings and numbers built here, kept in the tier, which the store's commit then takes as
 * frozen instead of walking them.
 */
function frozen(inputs: TierInputs): TierInputs {
  Object.freeze(inputs);
  return inputs;
}

/**
 * Whether `stored` (a tier's `inputs`) holds what `tierInputs` gives for `state` now (a points score's but its
 * score, which those give). A number (a 32-bit token a document kept from before) never does, nor a points score's
 * inputs of the layout before the score was kept (`[settings, length, last entry's time, folded count, last folded
 * time, last id]`: a number where the id is now).
 */
export function sameInputs(
  stored: TierInputs | number | undefined,
  state: IncentivesState,
  tiers: TierSettings,
  timeZone: string,
): boolean {
  if (!Array.isArray(stored) || stored[0] !== settingsToken(tiers)) return false;
  if (tiers.score.source !== 'points')
    return stored.length === 3 && stored[2] === timeZone && stored[1] === activityToken(state);
  const entries = state.entries;
  return stored.length === 6 && stored[1] === entries.length && sameEnd(stored, state, tiers, entries.length);
}

/**
 * Whether a points score's inputs `stored` read the folded awards `state` holds, and a ledger whose last entry is
 * the one at `n` in `state`'s (none when `n` is 0).
 */
function sameEnd(stored: TierInputs, state: IncentivesState, tiers: TierSettings, n: number): boolean {
  const recent = foldedAwards(state, tiers);
  if (stored[2] !== foldedCount(recent) || stored[3] !== foldedLastAt(recent)) return false;
  const id = stored[4];
  if (typeof id !== 'string' || typeof stored[5] !== 'number') return false;
  return n === 0 ? id === '' : hasId(state.entries[n - 1]!, id);
}

/**
 * The length of the ledger a points score's review read, as its inputs `stored` (a tier's `inputs`) tell, when the
 * ledger of `state` is that one with entries appended (the same settings and folded awards); -1 otherwise. Ids are
 * unique and entries are only appended or folded from the front: an entry at that place with the last id read is
 * the one read there, and no fold moved it (a fold that leaves the folded awards as they were moves it, or empties a
 * ledger the review read empty: the entries it took count no more than appended ones do).
 */
export function readLength(
  stored: TierInputs | number | undefined,
  state: IncentivesState,
  tiers: TierSettings,
): number {
  if (!Array.isArray(stored) || stored.length !== 6 || stored[0] !== settingsToken(tiers)) return -1;
  const n = stored[1]!;
  if (typeof n !== 'number' || !(n >= 0 && n <= state.entries.length) || !Number.isInteger(n)) return -1;
  return sameEnd(stored, state, tiers, n) ? n : -1;
}

/** The score a points score's review kept in its inputs (`tierInputs`), if they hold one. */
export const readScore = (stored: TierInputs | number | undefined): number | undefined =>
  Array.isArray(stored) && stored.length === 6 && typeof stored[5] === 'number' ? stored[5] : undefined;

/**
 * Whether every input of a review is at or before `t` (none counts later than now: a late event's review sees
 * a score that later reviews of the same inputs do not). Only then can a later review reuse this one. `pass`,
 * when given, is `ledgerPass(state, tiers, t)`: the entries are not scanned again.
 */
export function inputsUpTo(
  state: IncentivesState,
  tiers: TierSettings,
  t: number,
  timeZone: string,
  pass?: LedgerPass,
): boolean {
  if (tiers.score.source === 'points') {
    const entries = state.entries;
    if (pass !== undefined) {
      if (!pass.upTo) return false;
    } else for (let i = 0; i < entries.length; i++) if (!(entries[i]!.at <= t)) return false;
    const recent = foldedAwards(state, tiers);
    if (foldedCount(recent) > 0 && !(foldedLastAt(recent) <= t)) return false;
    return true;
  }
  const activity = state.activity;
  if (activity.length === 0) return true;
  const today = localDayNumber(t, timeZone);
  for (let i = 0; i < activity.length; i++) if (!(activity[i]![0] <= today)) return false;
  return true;
}
