import { Engine, type EngineResult, type RuleProperties, type RuleResult } from 'json-rules-engine';
import type { NormalizedRule, Stage, TopLevelCondition } from '../policy/types';
import { toConditionTrace } from './jre-trace';
import { thawCondition } from './thaw-condition';
import type { Evaluator, EvaluatorInput, FactResolver, PreparedRules, RuleEvaluation } from './types';

const RESOLVER_FACT = '__engageloop_facts__';
const NAME = 'json-rules-engine';

/**
 * The reference evaluator: json-rules-engine, given a safe path resolver (no JSONPath scripts) and
 * every fact resolved through the engine's lazy, per-stage fact resolver.
 * One json-rules-engine `Engine` is built per distinct candidate set and reused.
 */
export function jsonRulesEngineEvaluator(): Evaluator {
  return { name: NAME, prepare: (input) => prepareJre(input) };
}

function createJre(input: EvaluatorInput): Engine {
  const engine = new Engine([], {
    allowUndefinedFacts: true,
    allowUndefinedConditions: false,
    pathResolver: input.resolvePath,
  });
  for (const [name, fn] of Object.entries(input.operators)) engine.addOperator(name, fn);
  for (const [name, condition] of Object.entries(input.conditions)) {
    engine.setCondition(name, thawCondition(condition));
  }
  for (const fact of input.facts) {
    engine.addFact(
      fact,
      async (params, almanac) => {
        const resolver = (await almanac.factValue(RESOLVER_FACT)) as FactResolver;
        return resolver.value(fact, params as Record<string, unknown> | undefined);
      },
      { cache: true },
    );
  }
  return engine;
}

function prepareJre(input: EvaluatorInput): PreparedRules {
  const engines = new Map<string, { engine: Engine; rules: Map<string, NormalizedRule> }>();
  const adHoc = new WeakMap<object, Engine>();
  const base = () => createJre(input);

  function engineFor(stage: Stage, candidates: readonly NormalizedRule[]) {
    const key = `${stage}|${candidates.map((r) => r.id).join('|')}`;
    let entry = engines.get(key);
    if (!entry) {
      const engine = base();
      const rules = new Map<string, NormalizedRule>();
      for (const rule of candidates) {
        rules.set(rule.id, rule);
        engine.addRule({
          name: rule.id,
          priority: rule.priority,
          conditions: thawCondition(rule.conditions),
          event: { type: rule.id },
        } as RuleProperties);
      }
      entry = { engine, rules };
      engines.set(key, entry);
    }
    return entry;
  }

  return {
    evaluator: NAME,
    async fired(stage, candidates, facts) {
      const results = await this.evaluate(stage, candidates, facts, { trace: false });
      const byId = new Map(results.map((r) => [r.ruleId, r.fired]));
      return candidates.map((rule) => byId.get(rule.id) === true);
    },
    async evaluate(stage, candidates, facts, options) {
      if (candidates.length === 0) return [];
      const { engine, rules } = engineFor(stage, candidates);
      const result: EngineResult = await engine.run({ [RESOLVER_FACT]: facts });
      const out: RuleEvaluation[] = [];
      const collect = (list: RuleResult[], fired: boolean) => {
        for (const r of list) {
          const rule = rules.get(String(r.name));
          if (!rule) continue;
          const evaluation: RuleEvaluation = { ruleId: rule.id, fired };
          if (options.trace) {
            evaluation.condition = toConditionTrace(
              rule.conditions,
              r.conditions as unknown as Record<string, unknown>,
              input.conditions,
            );
          }
          out.push(evaluation);
        }
      };
      collect(result.results, true);
      collect(result.failureResults, false);
      return out;
    },
    async evaluateCondition(condition: TopLevelCondition, facts, options) {
      let engine = adHoc.get(condition);
      if (!engine) {
        engine = base();
        engine.addRule({
          name: 'adhoc',
          priority: 1,
          conditions: thawCondition(condition),
          event: { type: 'adhoc' },
        });
        adHoc.set(condition, engine);
      }
      const result = await engine.run({ [RESOLVER_FACT]: facts });
      const fired = result.results.length > 0;
      const r = fired ? result.results[0] : result.failureResults[0];
      return {
        result: fired,
        trace:
          options.trace && r
            ? toConditionTrace(
                condition,
                r.conditions as unknown as Record<string, unknown>,
                input.conditions,
              )
            : undefined,
      };
    },
  };
}
