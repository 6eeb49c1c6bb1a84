import type { IncentivesState } from '../types';

/** The slice of a user who has never been rewarded. */
export function initialState(): IncentivesState {
  return {
    entries: [],
    opening: {},
    usage: {},
    tier: null,
    tierHistory: [],
    badges: {},
    streaks: {},
    actions: {},
    activity: [],
    milestones: {},
  };
}

/** Reads a record by a key that may come from input, never through the prototype chain. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
