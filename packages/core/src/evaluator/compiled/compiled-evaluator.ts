import type { NormalizedRule, Stage, TopLevelCondition } from '../../policy/types';
import { jsonRulesEngineEvaluator } from '../json-rules-engine';
import type {
  ConditionTrace,
  Evaluator,
  EvaluatorInput,
  FactResolver,
  PreparedRules,
  RuleEvaluation,
} from '../types';
import { type CompiledTop, compileTop, needsFallback } from './compile-top';
import { AsyncFactSignal } from './fact-reader';
import { createOperatorTable } from './operators';

const NAME = 'compiled';
const JRE = 'json-rules-engine';

/**
 * The compiled evaluator: every rule's conditions become synchronous closures once, at `prepare`,
 * with exactly json-rules-engine's semantics (operators, decorators, priority-ordered short-circuit,
 * `allowUndefinedFacts`, path resolution). Rules reading an async fact — or meeting a thenable fact
 * value at run time — are evaluated by json-rules-engine instead; the trace names the evaluator per rule.
 * No source text is generated: rule data is only ever passed by reference.
 *
 * @example
 * const engine = createEngine({ plugins, policy, evaluator: compiledEvaluator() });
 */
export function compiledEvaluator(): Evaluator {
  return { name: NAME, prepare: (input) => prepareCompiled(input) };
}

type Entry = { compiled: CompiledTop } | { compiled: null };

function prepareCompiled(input: EvaluatorInput): PreparedRules {
  const table = createOperatorTable(input.operators);
  const ctx = {
    named: input.conditions,
    facts: input.facts,
    resolvePath: input.resolvePath,
    readers: new Map(),
    operator: (name: string) => table.get(name),
    builtIn: (name: string) => !Object.hasOwn(input.operators, name),
  };
  const asyncFacts = input.asyncFacts ?? new Set<string>();
  let jre: PreparedRules | undefined;
  const reference = () => {
    jre ??= jsonRulesEngineEvaluator().prepare(input);
    return jre;
  };
  const cache = new WeakMap<object, Entry>();
  const entryFor = (condition: TopLevelCondition): Entry => {
    let entry = cache.get(condition);
    if (!entry) {
      entry = needsFallback(condition, input.conditions, asyncFacts)
        ? { compiled: null }
        : { compiled: compileTop(condition, ctx) };
      cache.set(condition, entry);
    }
    return entry;
  };

  /** Runs one compiled condition; `null` means "hand it to json-rules-engine". */
  const runOne = (compiled: CompiledTop, facts: FactResolver, trace: boolean) => {
    try {
      if (!trace) return { result: compiled.run(facts), trace: undefined as ConditionTrace | undefined };
      const t = compiled.traced(facts);
      return { result: t.result, trace: t.trace as ConditionTrace | undefined };
    } catch (error) {
      if (error instanceof AsyncFactSignal) return null;
      throw error;
    }
  };

  /** Candidate lists are cached by the runtime, so their compiled form is cached by identity too. */
  const lists = new WeakMap<readonly NormalizedRule[], Array<CompiledTop | null>>();
  const compiledList = (candidates: readonly NormalizedRule[]) => {
    let list = lists.get(candidates);
    if (!list) {
      list = candidates.map((rule) => entryFor(rule.conditions).compiled);
      lists.set(candidates, list);
    }
    return list;
  };

  return {
    evaluator: NAME,
    evaluate(stage: Stage, candidates, facts, options) {
      const list = compiledList(candidates);
      const out: RuleEvaluation[] = [];
      let fallback: NormalizedRule[] | undefined;
      for (let i = 0; i < candidates.length; i++) {
        const rule = candidates[i] as NormalizedRule;
        const compiled = list[i];
        if (compiled && !options.trace) {
          // fast path: no trace; a thenable fact value hands the rule to json-rules-engine
          try {
            out.push({ ruleId: rule.id, fired: compiled.run(facts), evaluator: NAME });
            continue;
          } catch (error) {
            if (!(error instanceof AsyncFactSignal)) throw error;
          }
        } else if (compiled) {
          const r = runOne(compiled, facts, true);
          if (r) {
            out.push({ ruleId: rule.id, fired: r.result, evaluator: NAME, condition: r.trace });
            continue;
          }
        }
        fallback ??= [];
        fallback.push(rule);
      }
      if (!fallback) return out;
      return Promise.resolve(reference().evaluate(stage, fallback, facts, options)).then((rest) => {
        for (const r of rest) out.push({ ...r, evaluator: JRE });
        return out;
      });
    },
    evaluateCondition(condition, facts, options) {
      const { compiled } = entryFor(condition);
      const r = compiled ? runOne(compiled, facts, options.trace) : null;
      if (r) return options.trace ? r : { result: r.result };
      return reference().evaluateCondition(condition, facts, options);
    },
  };
}
