import type { OperatorFunction, PolicyDocument } from '@engageloop/core';

/** One event's facts, by fact name. */
export type Facts = Record<string, unknown>;

/**
 * A condition shape of the bench: a policy (rules and named conditions over one plugin's facts), the
 * events' facts, and the same rules written by hand twice — one closure per rule, and one fused function
 * for all of them — so that every engine's fired set can be checked equal before anything is timed.
 */
export interface ConditionShape {
  name: string;
  /** The plugin providing the shape's facts (values come from `events`) and custom operators. */
  plugin: { name: string; facts: readonly string[]; operators: Record<string, OperatorFunction> };
  policy: PolicyDocument;
  /** Facts per event, in stream order. */
  events: readonly Facts[];
  /** One hand-written closure per rule, in policy order. */
  closures: ReadonlyArray<(f: Facts) => boolean>;
  /** All rules hand-fused into one function: `out[i]` is whether rule `i` (policy order) fires. */
  fused(f: Facts, out: boolean[]): void;
}

/** A deterministic pseudo-random stream in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A rule of a shape's policy: evaluated in `need`, for every event type (all rules are candidates). */
export function shapeRule(id: string, conditions: unknown) {
  return { id, stage: 'need', conditions, effects: [] } as unknown as PolicyDocument['rules'][number];
}
