import type { TopLevelCondition } from '../../../policy/types';
import type { FactResolver } from '../../types';
import type { CompiledTop } from '../compile-top';
import { AsyncFactSignal, isThenable } from '../fact-reader';

/**
 * One rule to generate: its condition with its closures, built when first needed (called instead should
 * a condition not be generated), or `null` when the rule goes to json-rules-engine as a whole.
 */
export type GeneratedRule = { condition: TopLevelCondition; closures: () => CompiledTop } | null;

/**
 * Thrown before any rule when the general program cannot run an evaluation as written — a fact read
 * first is a thenable (`first`), or a value it assumed primitive is not (`slow`): the rules then run
 * on their closures instead.
 */
export const ON_CLOSURES = Object.freeze({ onClosures: true });

export function slow(): never {
  throw ON_CLOSURES;
}

/** A general program's function: runs the rule cases from `start` on, writing their flags in `out`. */
export type RunFrom = (facts: FactResolver, out: boolean[], start: number) => void;

/** What a general program needs besides its function: its rules, and the reads `first` recorded. */
export interface GeneralParts {
  rules: readonly GeneratedRule[];
  runFrom: RunFrom;
  /** The (fact, params) read first, in order, and how many of them the last evaluation read. */
  firstReads(): ReadonlyArray<{ fact: string; params: unknown }>;
  firstValues: unknown[];
  firstCount(): number;
  /** The rule a closure call was made for (`P.at`). */
  state: { at: number };
}

/**
 * Runs a general program from `start`: a thrown `AsyncFactSignal` resumes after the rule that met it
 * (its `rule`, or `P.at` where a closure is called), which is added to `pending`; `ON_CLOSURES` runs
 * every rule on its closures. Returns the pending rules (json-rules-engine decides them), or `null`.
 * A signal that names no rule from the one the run started at on (`P.at` not set by this run, or a rule
 * before it) hands every rule from there to json-rules-engine: resuming at or before where the run began
 * would meet it again, and the loop (each turn adding to `pending`) would never end.
 */
export function runGeneral(
  g: GeneralParts,
  facts: FactResolver,
  out: boolean[],
  from: number,
  pendingSoFar: number[] | null,
): number[] | null {
  let pending = pendingSoFar;
  let start = from;
  while (start < out.length) {
    // A `P.at` left by an earlier run is no answer for this one.
    g.state.at = -1;
    try {
      g.runFrom(facts, out, start);
      break;
    } catch (error) {
      if (error === ON_CLOSURES) {
        const known = g.firstReads().slice(0, g.firstCount());
        return byClosures(g.rules, onceResolver(facts, known, g.firstValues), out);
      }
      if (!(error instanceof AsyncFactSignal)) throw error;
      const at = error.rule >= 0 ? error.rule : g.state.at;
      pending ??= [];
      if (at < start) {
        for (let rule = start; rule < out.length; rule++) if (!pending.includes(rule)) pending.push(rule);
        return pending;
      }
      pending.push(at);
      start = at + 1;
    }
  }
  return pending;
}

const NOTHING = Object.freeze({});

const readKey = (fact: string, params: unknown) => {
  try {
    return `${fact}\u0000${JSON.stringify(params ?? {})}`;
  } catch {
    return undefined;
  }
};

/**
 * `facts`, each (fact, params) asked at most once: the values already read are given back (`known[i]`
 * read `values[i]`; a value `unread` is not known), and every other value is kept once read (params
 * told apart by their JSON, as generated code does).
 */
export function onceResolver(
  facts: FactResolver,
  known: ReadonlyArray<{ fact: string; params: unknown }>,
  values: readonly unknown[],
  unread: unknown = NOTHING,
): FactResolver {
  const cache = new Map<string, unknown>();
  known.forEach(({ fact, params }, i) => {
    const key = readKey(fact, params);
    if (key !== undefined && i < values.length && values[i] !== unread) cache.set(key, values[i]);
  });
  return {
    value(fact, params) {
      const key = readKey(fact, params);
      if (key === undefined) return facts.value(fact, params);
      if (cache.has(key)) return cache.get(key);
      const v = facts.value(fact, params);
      if (!isThenable(v)) cache.set(key, v);
      return v;
    },
  };
}

/**
 * The evaluation when generated code cannot run it (`ON_CLOSURES`): every rule on its closures, those
 * meeting a thenable (and those without closures) left to json-rules-engine, as their indexes.
 */
function byClosures(rules: readonly GeneratedRule[], facts: FactResolver, out: boolean[]): number[] | null {
  let pending: number[] | null = null;
  rules.forEach((rule, i) => {
    try {
      if (rule === null) throw new AsyncFactSignal('', i);
      out[i] = rule.closures().run(facts);
    } catch (error) {
      if (!(error instanceof AsyncFactSignal)) throw error;
      pending ??= [];
      pending.push(i);
    }
  });
  return pending;
}
