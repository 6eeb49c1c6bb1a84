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

/**
 * A copy of a record (its own keys, in their order), built key by key: a spread of a record the memory store froze
 * takes V8's slow path. A record owning `__proto__` is spread (an assignment would set the prototype).
 */
export function recordCopy<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key in record) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see the core's plugin/bags.ts)
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    if (key === '__proto__') return { ...record };
    out[key] = record[key]!;
  }
  return out;
}

/*
 * A slice is copied on every change, often twice in a dispatch (the action counting, then an award, then the tier
 * review's copy that is kept): the copies before the last die young. Made by a literal, they would share its
 * allocation site with the kept ones, which V8 then allocates in the old generation (most of what the site made
 * outlived a young-generation collection), the short-lived copies too. An object made by `new` of a function
 * whose prototype is `Object.prototype` is the same plain object (same keys in the same order) without a site.
 */
/** `sliceWith`'s object: the parts of `parts`, else those of `state`. */
function slice(this: IncentivesState, state: IncentivesState, parts: Partial<IncentivesState>): void {
  this.entries = parts.entries ?? state.entries;
  this.opening = parts.opening ?? state.opening;
  this.usage = parts.usage ?? state.usage;
  this.tier = parts.tier === undefined ? state.tier : parts.tier;
  this.tierHistory = parts.tierHistory ?? state.tierHistory;
  this.badges = parts.badges ?? state.badges;
  this.streaks = parts.streaks ?? state.streaks;
  this.actions = parts.actions ?? state.actions;
  this.activity = parts.activity ?? state.activity;
  this.milestones = parts.milestones ?? state.milestones;
  // Optional parts: carried over only when present, so slices that never used them keep their shape.
  const distinct = parts.distinct ?? state.distinct;
  if (distinct !== undefined) this.distinct = distinct;
  const recent = parts.recent ?? state.recent;
  if (recent !== undefined) this.recent = recent;
}
slice.prototype = Object.prototype;
const Slice = slice as unknown as new (...args: Parameters<typeof slice>) => IncentivesState;

/**
 * The slice with some parts replaced. Built part by part rather than `{ ...state }`: spreading a slice the memory
 * store froze takes V8's slow path (~150 ns instead of ~15 ns), and a slice is copied on every award. Keys that
 * are not parts of `IncentivesState` are not carried over.
 */
export function sliceWith(state: IncentivesState, parts: Partial<IncentivesState>): IncentivesState {
  return new Slice(state, parts);
}
