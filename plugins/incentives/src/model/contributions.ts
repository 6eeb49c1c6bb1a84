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
 * Records what the event `eventId` contributed besides points (an action kind counted, a distinct
 * submission, a badge granted, a milestone reached), merged into its record of this dispatch.
 */
export function contribute(state: IncentivesState, eventId: string, at: number, part: Part): IncentivesState {
  const recent = state.recent ?? [];
  const last = recent.length > 0 ? recent[recent.length - 1] : undefined;
  const base: Contribution =
    last?.eventId === eventId ? last : { eventId, at, actions: [], distinct: [], badges: [], milestones: [] };
  const record: Contribution = {
    eventId,
    at: base.at,
    actions: [...base.actions, ...(part.actions ?? [])],
    distinct: [...base.distinct, ...(part.distinct ?? [])],
    badges: [...base.badges, ...(part.badges ?? [])],
    milestones: [...base.milestones, ...(part.milestones ?? [])],
  };
  const streaks = [...(base.streaks ?? []), ...(part.streaks ?? [])];
  if (streaks.length > 0) record.streaks = streaks;
  const rest = base === last ? recent.slice(0, -1) : recent;
  return sliceWith(state, { recent: [...rest, record] });
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
  if (recent === undefined || (recent.length <= MAX_RECENT && recent.every((c) => c.at >= from)))
    return state;
  return sliceWith(state, { recent: recent.filter((c) => c.at >= from).slice(-MAX_RECENT) });
}
