import type { NormalizedRule, Stage, TopLevelCondition } from '../policy/types';

/** A custom operator: `(factValue, jsonValue) → boolean`, as in json-rules-engine. */
export type OperatorFunction = (factValue: unknown, jsonValue: unknown) => boolean;

/** One evaluated condition, as a person reads it in a trace. */
export type ConditionTrace =
  | { kind: 'all' | 'any'; result: boolean; children: ConditionTrace[] }
  | { kind: 'not'; result: boolean; child: ConditionTrace }
  | { kind: 'ref'; name: string; result: boolean; child?: ConditionTrace }
  | {
      kind: 'fact';
      fact: string;
      path?: string;
      params?: Record<string, unknown>;
      operator: string;
      /** The expected value as written (or, for fact-to-fact comparisons, the resolved value). */
      value: unknown;
      factValue: unknown;
      result: boolean;
    };

/** Resolves facts lazily for one stage of one dispatch; values are cached per (fact, params). */
export interface FactResolver {
  /** The fact's value (a promise for an async fact); computed on first use, then served from the cache. */
  value(factId: string, params?: Record<string, unknown>): unknown;
}

/** Whether one rule fired, with its condition trace when a trace was asked for. */
export interface RuleEvaluation {
  ruleId: string;
  fired: boolean;
  condition?: ConditionTrace;
  /** Which evaluator decided this rule, when it differs per rule (the compiled evaluator's fallback). */
  evaluator?: string;
}

/**
 * What an evaluator prepares once per policy: the loaded rules, the policy's named conditions, every operator
 * and fact the installed plugins provide, and the engine's own safe JSONPath resolver.
 */
export interface EvaluatorInput {
  rules: readonly NormalizedRule[];
  conditions: Readonly<Record<string, TopLevelCondition>>;
  operators: Readonly<Record<string, OperatorFunction>>;
  facts: ReadonlySet<string>;
  /** Facts declared `async: true` (their rules are left to json-rules-engine by the compiled evaluator). */
  asyncFacts?: ReadonlySet<string>;
  /** Resolves `path` on a fact value (safe: own properties only, no scripts). */
  resolvePath(value: unknown, path: string): unknown;
}

/** Rules prepared once per policy; evaluates the candidate rules of a stage against facts. */
export interface PreparedRules {
  readonly evaluator: string;
  /**
   * Evaluates the candidate rules of `stage` (those listening to the event's type, in priority order) and
   * says for each whether it fired, with its condition trace when `options.trace` is set.
   */
  evaluate(
    stage: Stage,
    candidates: readonly NormalizedRule[],
    facts: FactResolver,
    options: { trace: boolean },
  ): Promise<RuleEvaluation[]> | RuleEvaluation[];
  /**
   * Whether each candidate rule fires, one flag per candidate in order — the engine's path when no
   * trace is asked for: no per-rule objects, synchronous unless some rule has to be decided
   * asynchronously (the compiled evaluator's json-rules-engine fallback for async facts). The array
   * is new on every call and belongs to the caller.
   *
   * @example
   * const flags = prepared.fired('action', candidates, resolver);
   * const fired = Array.isArray(flags) ? flags : await flags;
   */
  fired(
    stage: Stage,
    candidates: readonly NormalizedRule[],
    facts: FactResolver,
  ): readonly boolean[] | Promise<readonly boolean[]>;
  /**
   * Optional: `fired`, with the flags packed in a number (bit i: candidate i fired) when the evaluator
   * can (few candidates, all decided synchronously) — no array made; otherwise what `fired` returns.
   */
  firedBits?(
    stage: Stage,
    candidates: readonly NormalizedRule[],
    facts: FactResolver,
  ): number | readonly boolean[] | Promise<readonly boolean[]>;
  /** Evaluates one ad-hoc condition (e.g. from plugin settings); may cache by object identity. */
  evaluateCondition(
    condition: TopLevelCondition,
    facts: FactResolver,
    options: { trace: boolean },
  ): Promise<{ result: boolean; trace?: ConditionTrace }> | { result: boolean; trace?: ConditionTrace };
}

/**
 * The one seam between the engine and condition evaluation. The default evaluator runs
 * json-rules-engine; a compiled evaluator can replace it without touching the rest.
 */
export interface Evaluator {
  readonly name: string;
  /** Prepares a policy's rules once (parsing, indexing or code generation); the engine calls it when a policy is put in force. */
  prepare(input: EvaluatorInput): PreparedRules;
}
