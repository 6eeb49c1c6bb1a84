import type { Evaluator, PreparedRules } from '../evaluator/types';
import { RuleEffect } from '../event/outcome-draft';
import type { HookEntry, Registry } from '../plugin/registry';
import { pathKeys, resolvePath } from '../policy/path';
import { type NormalizedRule, type Policy, STAGES, type Stage } from '../policy/types';

/** The rules of one stage for one event type, in run order. */
export interface StagePlan {
  readonly stage: Stage;
  /** Enabled rules that can fire for the type. */
  readonly enabled: readonly NormalizedRule[];
  /** Disabled rules that would otherwise be candidates (for the trace). */
  readonly disabled: readonly NormalizedRule[];
  /** Whether any enabled rule is an A/B variant (else no arm needs to be assigned). */
  readonly variants: boolean;
}

/**
 * The per-event hooks' lists (`prepare` and the pipeline's) of the registry the runtime was made with, as unfrozen
 * copies: the registry's lists are frozen, and V8 reads an element of a frozen array through a slower path (about
 * 60 instructions more a read, several reads per dispatch). No one else holds these copies, and no one writes them.
 */
export interface PipelineHooks {
  readonly prepare: readonly HookEntry<'prepare'>[];
  readonly beforeRules: readonly HookEntry<'beforeRules'>[];
  readonly afterStage: readonly HookEntry<'afterStage'>[];
  readonly afterRules: readonly HookEntry<'afterRules'>[];
}

/** A policy made ready to run: evaluator prepared, rules indexed by stage and event type. */
export interface PolicyRuntime {
  readonly policy: Policy;
  readonly prepared: PreparedRules;
  /** The registry's per-event hooks (`PipelineHooks`). */
  readonly hooks: PipelineHooks;
  /** The four stage plans (in `STAGES` order) for an event type: one map lookup per dispatch. */
  plan(type: string): readonly StagePlan[];
  /** Candidate rules (enabled, able to fire for `type`) of a stage, in run order. */
  candidates(stage: Stage, type: string): readonly NormalizedRule[];
  /** Disabled rules of a stage that would be candidates for `type` (for the trace). */
  disabled(stage: Stage, type: string): readonly NormalizedRule[];
  /** The effects of one of the policy's rules, in order, each made once (`RuleEffect`). */
  effectsOf(rule: NormalizedRule): readonly RuleEffect[];
}

const byRunOrder = (a: NormalizedRule, b: NormalizedRule) => b.priority - a.priority || a.order - b.order;

/** True when `path` on the `event` fact reads exactly `event.type` (`$.type`, `$['type']`, …). */
const readsType = (path: unknown) => {
  const keys = typeof path === 'string' ? pathKeys(path) : null;
  return keys !== null && keys.length === 1 && keys[0] === 'type';
};

/**
 * The event types a rule without `on` can ever fire for, when its top-level `all` requires
 * `event` `$.type` to `equal` a literal string or to be `in` a literal list; `null` when it is not so guarded.
 * `all` needs every child true, so for any other type the rule cannot fire: it is indexed like `on` —
 * for other types it is not evaluated (its facts are not read) and not listed in the trace, exactly as a
 * rule whose `on` does not name the type. A type check under `any`/`not`, or against a fact-to-fact value,
 * is not an index: such rules are evaluated for every type.
 */
export function typeGuard(rule: NormalizedRule): readonly string[] | null {
  const all = (rule.conditions as { all?: unknown }).all;
  if (!Array.isArray(all)) return null;
  let types: string[] | null = null;
  for (const child of all) {
    const c = child as { fact?: unknown; path?: unknown; operator?: unknown; value?: unknown };
    if (c.fact !== 'event' || !readsType(c.path)) continue;
    let allowed: string[];
    if (c.operator === 'equal' && typeof c.value === 'string') allowed = [c.value];
    else if (c.operator === 'in' && Array.isArray(c.value))
      allowed = c.value.filter((v): v is string => typeof v === 'string');
    else continue;
    types = types === null ? allowed : types.filter((t) => allowed.includes(t));
  }
  return types;
}

interface Indexed {
  rule: NormalizedRule;
  /** Types the rule can fire for; `null`: any type. */
  types: ReadonlySet<string> | null;
}

function index(rule: NormalizedRule): Indexed {
  const guard = typeGuard(rule);
  let types: string[] | null = rule.on === null ? null : [...rule.on];
  if (guard) types = types === null ? [...guard] : types.filter((t) => guard.includes(t));
  return { rule, types: types === null ? null : new Set(types) };
}

function planFor(rules: readonly Indexed[], type: string | null): readonly StagePlan[] {
  return STAGES.map((stage) => {
    const fits = (r: Indexed) =>
      r.rule.stage === stage && (r.types === null || (type !== null && r.types.has(type)));
    const enabled = rules.filter((r) => r.rule.enabled && fits(r)).map((r) => r.rule);
    const disabled = rules.filter((r) => !r.rule.enabled && fits(r)).map((r) => r.rule);
    enabled.sort(byRunOrder);
    disabled.sort(byRunOrder);
    return { stage, enabled, disabled, variants: enabled.some((r) => r.variant !== undefined) };
  });
}

export function createPolicyRuntime(policy: Policy, registry: Registry, evaluator: Evaluator): PolicyRuntime {
  const prepared = evaluator.prepare({
    rules: policy.rules,
    conditions: policy.conditions,
    operators: registry.operators,
    facts: new Set(registry.factNames),
    asyncFacts: new Set(registry.factNames.filter((name) => registry.fact(name)?.definition.async === true)),
    resolvePath,
  });
  const indexed = policy.rules.map(index);
  // Types some rule names get their own plans; every other type shares one plan (rules for any type),
  // so the index is bounded by the policy, not by the event types a host sends.
  const anyType = indexed.filter((r) => r.types === null);
  const plans = new Map<string, readonly StagePlan[]>();
  const members = new Map<string, Indexed[]>();
  for (const r of indexed) {
    for (const type of r.types ?? []) {
      const list = members.get(type);
      if (list) list.push(r);
      else members.set(type, [r]);
    }
  }
  for (const [type, list] of members) plans.set(type, planFor([...list, ...anyType], type));
  const other = planFor(anyType, null);
  const plan = (type: string) => plans.get(type) ?? other;
  const effects = new Map<NormalizedRule, readonly RuleEffect[]>();
  for (const rule of policy.rules)
    effects.set(
      rule,
      rule.effects.map((e) => new RuleEffect(rule.id, rule.stage, e.type, e.params)),
    );
  const stageOf = (stage: Stage, type: string) => plan(type)[STAGES.indexOf(stage)] as StagePlan;
  const { prepare, beforeRules, afterStage, afterRules } = registry.hooks;
  return {
    policy,
    prepared,
    hooks: {
      prepare: [...prepare],
      beforeRules: [...beforeRules],
      afterStage: [...afterStage],
      afterRules: [...afterRules],
    },
    plan,
    candidates: (stage, type) => stageOf(stage, type).enabled,
    disabled: (stage, type) => stageOf(stage, type).disabled,
    effectsOf: (rule) =>
      effects.get(rule) ?? rule.effects.map((e) => new RuleEffect(rule.id, rule.stage, e.type, e.params)),
  };
}
