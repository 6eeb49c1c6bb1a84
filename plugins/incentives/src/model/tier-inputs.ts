import { hashId } from '../ledger/ledger-index';
import type { TierSettings } from '../settings-types';
import { localDayNumber } from '../time';
import type { IncentivesState } from '../types';

/*
 * What a tier review reads, as a 32-bit token a review leaves in the tier (`TierState.inputs`), so that a
 * later review of the same inputs, before the next change the last one computed, can be skipped
 * (`reviewUserTier`). A review reads the score's inputs — the ledger (appended to, folded from the front)
 * and the checkpoint's folded awards for a points score, the recent activity and the user's time zone for an
 * actions score — the tier settings, and the tier itself (kept in the same slice, changed only by reviews).
 */

const SEED = 0x811c9dc5;

/** One FNV-1a step over a 32-bit word. */
const mix = (h: number, word: number): number => Math.imul(h ^ word, 0x01000193);

/** Mixes an epoch-ms time (or any integer below 2^53): its low and high 32 bits. */
const mixTime = (h: number, t: number): number => mix(mix(h, t | 0), Math.floor(t / 4_294_967_296) | 0);

const settingsTokens = new WeakMap<TierSettings, number>();

/** A token of the tier settings (their JSON), computed once per settings object (settings are never changed). */
function settingsToken(tiers: TierSettings): number {
  let token = settingsTokens.get(tiers);
  if (token === undefined) {
    token = hashId(JSON.stringify(tiers));
    settingsTokens.set(tiers, token);
  }
  return token;
}

/**
 * The token of what a review of `state` reads with these settings in `timeZone`. For a points score: the
 * ledger's length and last entry (ids are unique and entries are only appended or folded, so any append
 * changes the last entry, and any fold the length) and the folded awards' count and last time; for an
 * actions score: every activity row and the time zone.
 */
export function tierInputs(state: IncentivesState, tiers: TierSettings, timeZone: string): number {
  let h = mix(SEED, settingsToken(tiers));
  if (tiers.score.source === 'points') {
    const entries = state.entries;
    h = mix(h, entries.length);
    const last = entries[entries.length - 1];
    if (last !== undefined) h = mixTime(mix(h, hashId(last.id)), last.at);
    const wallet = tiers.score.wallet ?? 'points';
    const recent = Object.hasOwn(state.opening, wallet) ? state.opening[wallet]!.recent : undefined;
    if (recent !== undefined && recent.length > 0)
      h = mixTime(mix(h, recent.length), recent[recent.length - 1]![0]);
    return h | 0;
  }
  h = mix(h, hashId(timeZone));
  const activity = state.activity;
  h = mix(h, activity.length);
  for (let i = 0; i < activity.length; i++) {
    const row = activity[i]!;
    h = mix(mix(mix(h, row[0]), hashId(row[1])), row[2]);
  }
  return h | 0;
}

/**
 * Whether every input of a review is at or before `t` (none counts later than now: a late event's review sees
 * a score that later reviews of the same inputs do not). Only then can a later review reuse this one.
 */
export function inputsUpTo(
  state: IncentivesState,
  tiers: TierSettings,
  t: number,
  timeZone: string,
): boolean {
  if (tiers.score.source === 'points') {
    const entries = state.entries;
    for (let i = 0; i < entries.length; i++) if (!(entries[i]!.at <= t)) return false;
    const wallet = tiers.score.wallet ?? 'points';
    const recent = Object.hasOwn(state.opening, wallet) ? state.opening[wallet]!.recent : undefined;
    if (recent !== undefined && recent.length > 0 && !(recent[recent.length - 1]![0] <= t)) return false;
    return true;
  }
  const activity = state.activity;
  if (activity.length === 0) return true;
  const today = localDayNumber(t, timeZone);
  for (let i = 0; i < activity.length; i++) if (!(activity[i]![0] <= today)) return false;
  return true;
}
