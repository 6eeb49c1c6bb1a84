import type { Evaluator, PreparedRules } from '../evaluator/types';
import type { Registry } from '../plugin/registry';
import { resolvePath } from '../policy/path';
import type { NormalizedRule, Policy, Stage } from '../policy/types';

/** A policy made ready to run: evaluator prepared, rules indexed by stage and event type. */
export interface PolicyRuntime {
  readonly policy: Policy;
  readonly prepared: PreparedRules;
  /** Candidate rules (enabled, listening to `type`) of a stage, in run order. */
  candidates(stage: Stage, type: string): readonly NormalizedRule[];
  /** Disabled rules of a stage that would listen to `type` (for the trace). */
  disabled(stage: Stage, type: string): readonly NormalizedRule[];
}

const byRunOrder = (a: NormalizedRule, b: NormalizedRule) => b.priority - a.priority || a.order - b.order;

export function createPolicyRuntime(policy: Policy, registry: Registry, evaluator: Evaluator): PolicyRuntime {
  const prepared = evaluator.prepare({
    rules: policy.rules,
    conditions: policy.conditions,
    operators: registry.operators,
    facts: new Set(registry.factNames),
    asyncFacts: new Set(registry.factNames.filter((name) => registry.fact(name)?.definition.async === true)),
    resolvePath,
  });
  const enabledCache = new Map<string, readonly NormalizedRule[]>();
  const disabledCache = new Map<string, readonly NormalizedRule[]>();
  const listens = (rule: NormalizedRule, stage: Stage, type: string) =>
    rule.stage === stage && (rule.on === null || rule.on.includes(type));
  const pick = (
    cache: Map<string, readonly NormalizedRule[]>,
    enabled: boolean,
    stage: Stage,
    type: string,
  ) => {
    const key = `${stage}\u0000${type}`;
    let list = cache.get(key);
    if (!list) {
      list = policy.rules.filter((r) => r.enabled === enabled && listens(r, stage, type)).sort(byRunOrder);
      cache.set(key, list);
    }
    return list;
  };
  return {
    policy,
    prepared,
    candidates: (stage, type) => pick(enabledCache, true, stage, type),
    disabled: (stage, type) => pick(disabledCache, false, stage, type),
  };
}
