import type { Contribution, IncentivesState, StreakState } from '../types';
import { sliceWith } from './state';

/** At most this many recent events' contributions are kept (those inside the revoke window). */
export const MAX_RECENT = 100;

type Part = {
  actions?: readonly string[];
  distinct?: readonly string[];
  badges?: ReadonlyArray<[string, number, number, number?]>;
  milestones?: readonly string[];
  streaks?: ReadonlyArray<[string, StreakState | null]>;
};

/**
 * One empty list for every part of a record with nothing in it: a record's lists are never changed in place, and
 * a record lives as long as the slice (an empty array each is 16 bytes, three or four per record).
 */
const NONE: never[] = Object.freeze([]) as never[];

/** `[...base, ...more]`: `base` itself when there is nothing more, and an array of exactly their length else. */
function extended<T>(base: T[], more: readonly T[] | undefined): T[] {
  if (more === undefined || more.length === 0) return base;
  return base.length === 0 ? more.slice() : base.concat(more);
}

/**
 * Records what the event `eventId` contributed besides points (an action kind counted, a distinct
 * submission, a badge granted, a milestone reached), merged into its record of this dispatch.
 */
export function contribute(state: IncentivesState, eventId: string, at: number, part: Part): IncentivesState {
  const recent = state.recent ?? [];
  const last = recent.length > 0 ? recent[recent.length - 1] : undefined;
  const base: Contribution =
    last?.eventId === eventId
      ? last
      : { eventId, at, actions: NONE, distinct: NONE, badges: NONE, milestones: NONE };
  const record: Contribution = {
    eventId,
    at: base.at,
    actions: extended(base.actions, part.actions),
    distinct: extended(base.distinct, part.distinct),
    badges: extended(base.badges, part.badges),
    milestones: extended(base.milestones, part.milestones),
  };
  const streaks = extended(base.streaks ?? NONE, part.streaks);
  if (streaks.length > 0) record.streaks = streaks;
  // Replacing the last record keeps the same times (the record keeps its time): the earliest one stays.
  const kept = base === last ? recent.length - 1 : recent.length;
  const next = new Array<Contribution>(kept + 1);
  for (let i = 0; i < kept; i++) next[i] = recent[i]!;
  next[kept] = record;
  // A list that does not know its earliest time (loaded by a store that parses it on every dispatch) is not
  // scanned for it here: `trimRecent` scans it as before.
  const earliest = recent.length === 0 ? Infinity : (recent as Timed)[EARLIEST];
  return sliceWith(state, {
    recent: earliest === undefined ? next : withEarliest(next, lowest(earliest, record.at)),
  });
}

/*
 * The earliest time of a list of contributions, kept on the list (a non-enumerable symbol property, which
 * JSON, stores and equality checks ignore), so that `trimRecent`, run on every dispatch, need not read each
 * contribution (up to MAX_RECENT objects and their boxed times, scattered in the heap) to find none too old.
 * A list without it (loaded from a store, or filtered elsewhere) is scanned by `trimRecent` as before; lists
 * `contribute` extends from it (or from none) and those `trimRecent` keeps have it. NaN when some time is not a
 * number (or is NaN): `trimRecent` then scans. Lists are never changed in place.
 */
const EARLIEST = Symbol('incentives.recent-earliest');

type Timed = readonly Contribution[] & { [EARLIEST]?: number };

/** The earliest time of `recent` (NaN when some time is not a number). */
export function earliestOf(recent: readonly Contribution[]): number {
  const known = (recent as Timed)[EARLIEST];
  if (known !== undefined) return known;
  let earliest = Infinity;
  for (let i = 0; i < recent.length; i++) earliest = lowest(earliest, recent[i]!.at);
  return earliest;
}

/** The lower of two times, NaN when either is not a number or NaN. */
const lowest = (a: number, b: unknown): number =>
  typeof b !== 'number' || Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : b < a ? b : a;

function withEarliest(recent: Contribution[], earliest: number): Contribution[] {
  Object.defineProperty(recent, EARLIEST, { value: earliest });
  return recent;
}

/** The contribution of an event, when it is still kept. */
export const contributionOf = (state: IncentivesState, eventId: string): Contribution | undefined =>
  state.recent?.find((c) => c.eventId === eventId);

/** The state without the contribution of `eventId`. */
export function forgetContribution(state: IncentivesState, eventId: string): IncentivesState {
  if (!state.recent?.some((c) => c.eventId === eventId)) return state;
  return sliceWith(state, { recent: state.recent.filter((c) => c.eventId !== eventId) });
}

/** Keeps the contributions made at or after `from` (epoch ms), at most `MAX_RECENT` of the latest. */
export function trimRecent(state: IncentivesState, from: number): IncentivesState {
  const recent = state.recent;
  if (recent === undefined || (recent.length <= MAX_RECENT && noneBefore(recent, from))) return state;
  const kept = recent.filter((c) => c.at >= from).slice(-MAX_RECENT);
  return sliceWith(state, { recent: withEarliest(kept, earliestOf(kept)) });
}

/** Whether every contribution is at or after `from` (read from the list's earliest time when it has one). */
function noneBefore(recent: readonly Contribution[], from: number): boolean {
  const earliest = (recent as Timed)[EARLIEST];
  // Every time is a number, the earliest at or after `from`: none is before it.
  if (earliest !== undefined && earliest >= from) return true;
  return recent.every((c) => c.at >= from);
}
