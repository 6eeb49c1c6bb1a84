import { readEventPath } from '../effects/shared';
import type { DistinctSettings } from '../settings-types';
import type { DistinctKey, DistinctSubmission, IncentivesState } from '../types';
import { own, sliceWith } from './state';

/** Submissions remembered per key (the best ones, so the best is always kept and an undo can fall back). */
export const SUBMISSIONS_PER_KEY = 8;

/** Default bound on the distinct keys one counter keeps per user. */
export const DEFAULT_MAX_KEYS = 1000;

/** The keys a counter holds for a user (none when it never counted). */
export function keysOf(state: IncentivesState, counter: string): readonly DistinctKey[] {
  return state.distinct ? (own(state.distinct, counter) ?? []) : [];
}

/** The best submission of a key: highest score, the earliest of equal scores (a key without scores: the first). */
export function bestOf(key: DistinctKey): DistinctSubmission {
  let best = key.subs[0]!;
  for (const s of key.subs) if ((s.score ?? -Infinity) > (best.score ?? -Infinity)) best = s;
  return best;
}

/** Distinct keys of a counter, only those whose best score reaches `minScore` when given. */
export function distinctCount(state: IncentivesState, counter: string, minScore?: number): number {
  const keys = keysOf(state, counter);
  if (minScore === undefined) return keys.length;
  let n = 0;
  for (const k of keys) if ((bestOf(k).score ?? -Infinity) >= minScore) n++;
  return n;
}

/** The key an event counts under: a non-empty string or a finite number at the counter's `key` path. */
export function keyOfEvent(event: unknown, settings: DistinctSettings): string | undefined {
  const value = readEventPath(event, settings.key);
  if (typeof value === 'string' && value !== '' && value.length <= 200) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The score an event carries at the counter's `score` path (null when it declares none or the value is not a number). */
function scoreOfEvent(event: unknown, settings: DistinctSettings): number | null {
  if (settings.score === undefined) return null;
  const value = readEventPath(event, settings.score);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The best `SUBMISSIONS_PER_KEY` submissions, in time order. */
function keepBest(subs: DistinctSubmission[]): DistinctSubmission[] {
  if (subs.length <= SUBMISSIONS_PER_KEY) return subs;
  const ranked = subs
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (b.s.score ?? -Infinity) - (a.s.score ?? -Infinity) || a.i - b.i)
    .slice(0, SUBMISSIONS_PER_KEY);
  return ranked.sort((a, b) => a.i - b.i).map((r) => r.s);
}

/** What recording an event in a counter did. */
export type DistinctStep =
  | { kind: 'new-key' | 'resubmitted'; state: IncentivesState; key: string; best: DistinctSubmission }
  | { kind: 'no-key' | 'full' | 'seen'; state: IncentivesState; key?: string };

/**
 * Records the event's submission under its key: a new key counts once; a resubmission only changes the
 * best version. A counter at its `maxKeys` refuses new keys (`full`): it stops at the bound and never counts
 * a key twice. A replay of the same event id is `seen`.
 */
export function recordDistinct(
  state: IncentivesState,
  counter: string,
  settings: DistinctSettings,
  event: { id: string; time: number },
): DistinctStep {
  const key = keyOfEvent(event, settings);
  if (key === undefined) return { kind: 'no-key', state };
  const keys = keysOf(state, counter);
  const i = keys.findIndex((k) => k.key === key);
  const sub: DistinctSubmission = { eventId: event.id, score: scoreOfEvent(event, settings), at: event.time };
  let next: DistinctKey[];
  if (i < 0) {
    if (keys.length >= (settings.maxKeys ?? DEFAULT_MAX_KEYS)) return { kind: 'full', state, key };
    next = [...keys, { key, subs: [sub] }];
  } else {
    if (keys[i]!.subs.some((s) => s.eventId === event.id)) return { kind: 'seen', state, key };
    next = keys.map((k, j) => (j === i ? { key, subs: keepBest([...k.subs, sub]) } : k));
  }
  const entry = next[i < 0 ? next.length - 1 : i]!;
  return {
    kind: i < 0 ? 'new-key' : 'resubmitted',
    key,
    best: bestOf(entry),
    state: sliceWith(state, { distinct: { ...state.distinct, [counter]: next } }),
  };
}

/** The state without the submissions of `eventId` in the given counters; a key left with none is gone. */
export function removeEventFromDistinct(
  state: IncentivesState,
  counters: readonly string[],
  eventId: string,
): IncentivesState {
  if (!state.distinct || counters.length === 0) return state;
  const distinct = { ...state.distinct };
  for (const counter of counters) {
    const keys = keysOf(state, counter);
    distinct[counter] = keys.flatMap((k) => {
      const subs = k.subs.filter((s) => s.eventId !== eventId);
      return subs.length === 0 ? [] : [{ key: k.key, subs }];
    });
  }
  return sliceWith(state, { distinct });
}
