import type { TrackSettings } from './settings';

/** True when the track lets an item move from stage `from` to stage `to`. */
export function canMove(track: TrackSettings, from: string | null, to: string): boolean {
  if (!track.stages.includes(to)) return false;
  if (from === null) return to === track.stages[0];
  const allowed = Object.hasOwn(track.transitions, from) ? track.transitions[from] : undefined;
  return allowed?.includes(to) === true;
}

/** The instant an item entering `stage` at `at` becomes overdue, or null when the stage has no deadline. */
export function stageDeadline(track: TrackSettings, stage: string, at: number): number | null {
  const hours = track.deadlines && Object.hasOwn(track.deadlines, stage) ? track.deadlines[stage] : undefined;
  return hours === undefined ? null : at + hours * 3_600_000;
}
