import { createHash } from 'node:crypto';
import type { TierSettings } from '../settings-types';
import { localDayNumber } from '../time';
import type { IncentivesState } from '../types';

/*
 * What a tier review reads, as a token a review leaves in the tier (`TierState.inputs`), so that a later review
 * of the same inputs, before the next change the last one computed, can be skipped (`reviewUserTier`). A review
 * reads the score's inputs — the ledger (appended to, folded from the front) and the checkpoint's folded awards
 * for a points score, the recent activity and the user's time zone for an actions score — the tier settings,
 * and the tier itself (kept in the same slice, changed only by reviews). Two tokens are equal only when those
 * inputs are (a 32-bit hash, before, let colliding inputs skip a review that had to run): a points score's are
 * the values themselves, the settings and an actions score's rows the first 128 bits of their SHA-256.
 */

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
 * The token of what a review of `state` reads with these settings in `timeZone`. For a points score: the
 * ledger's length and last entry (ids are unique and entries are only appended or folded, so any append
 * changes the last entry, and any fold the length) and the folded awards' count and last time, as they are
 * (the last id last: the numbers before it have a fixed count); for an actions score: the time zone and a hash
 * of the activity rows (their JSON).
 */
export function tierInputs(state: IncentivesState, tiers: TierSettings, timeZone: string): string {
  const settings = settingsToken(tiers);
  if (tiers.score.source === 'points') {
    const entries = state.entries;
    const last = entries[entries.length - 1];
    const wallet = tiers.score.wallet ?? 'points';
    const recent = Object.hasOwn(state.opening, wallet) ? state.opening[wallet]!.recent : undefined;
    const folded =
      recent !== undefined && recent.length > 0 ? `${recent.length}:${recent[recent.length - 1]![0]}` : '0:';
    return last === undefined
      ? `p${settings}:0:${folded}:`
      : `p${settings}:${entries.length}:${folded}:${last.at}:${last.id}`;
  }
  return `a${settings}:${sha256Hex128(JSON.stringify(state.activity))}:${timeZone}`;
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
