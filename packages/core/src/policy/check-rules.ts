import { join, localized, suggestionIn } from '../errors/localized';
import type { ConditionRef, ConditionScope } from './check-conditions';
import { checkCondition } from './check-conditions';
import { didYouMean } from './did-you-mean';
import type { RuleOrigin } from './merge';
import { toPointer } from './pointer';
import { isPlainObject } from './safe-object';
import { type PolicyPart, placeOf } from './source';
import type { PolicyDocument } from './types';

/** Builds a condition scope reporting into one part (provided by the loader). */
export type ScopeFor = (part: PolicyPart, ruleId?: string) => ConditionScope;

/**
 * Plugin default rules first, then policy rules: a policy rule with the id of a plugin rule replaces
 * it; any other repeated id is `RULE_ID_DUPLICATE` (reported at the later place, naming the first).
 */
export function resolveRuleIds(
  pluginRules: RuleOrigin[],
  policyRules: RuleOrigin[],
  scopeFor: ScopeFor,
): { kept: RuleOrigin[]; duplicates: RuleOrigin[] } {
  const kept: RuleOrigin[] = [];
  const duplicates: RuleOrigin[] = [];
  const seen = new Map<string, RuleOrigin>();
  const add = (origin: RuleOrigin, replaceable: (prior: RuleOrigin) => boolean) => {
    const id = origin.rule.id;
    if (typeof id !== 'string') {
      kept.push(origin); // its id was malformed (a structure error): checked, but not for duplicates
      return;
    }
    const prior = seen.get(id);
    if (prior && replaceable(prior)) {
      kept.splice(kept.indexOf(prior), 1);
    } else if (prior) {
      const where = placeOf(prior.part, `${toPointer(['rules', prior.index])}/id`);
      scopeFor(origin.part, id).report('RULE_ID_DUPLICATE', `${toPointer(['rules', origin.index])}/id`, {
        message: localized(
          `the id "${id}" is used by another rule too (first at ${where}).`,
          `id "${id}" 已被另一条规则使用（首次出现在 ${where}）。`,
        ),
        data: { first: { file: prior.part.file, pointer: `${toPointer(['rules', prior.index])}/id` } },
      });
      duplicates.push(origin);
      return;
    }
    seen.set(id, origin);
    kept.push(origin);
  };
  for (const origin of pluginRules) add(origin, () => false);
  for (const origin of policyRules) add(origin, (prior) => prior.part.plugin !== undefined);
  return { kept, duplicates };
}

/**
 * Checks one rule's event types, effects, variant and conditions. The rule may lack pieces cut out for
 * structure errors (prune.ts); `lostExperiments` are experiments defined in a malformed entry (not unknown).
 */
export function checkRule(
  origin: RuleOrigin,
  document: PolicyDocument,
  scopeFor: ScopeFor,
  lostExperiments: ReadonlySet<string> = new Set(),
): void {
  const { rule, part, index } = origin;
  const scope = scopeFor(part, rule.id);
  const { registry } = scope;
  const base = toPointer(['rules', index]);
  const declared = document.eventTypes ?? {};
  const on = rule.on === undefined ? [] : Array.isArray(rule.on) ? rule.on : [rule.on];
  on.forEach((type, k) => {
    if (registry.eventType(type) || Object.hasOwn(declared, type)) return;
    const suggestion = didYouMean(type, [...registry.eventTypeNames, ...Object.keys(declared)]);
    scope.report('RULE_EVENT_TYPE_UNKNOWN', Array.isArray(rule.on) ? `${base}/on/${k}` : `${base}/on`, {
      message: join(
        localized(`unknown event type "${type}"`, `未知的事件类型 "${type}"`),
        suggestionIn(suggestion),
      ),
      suggestion,
      ruleId: rule.id,
    });
  });
  (Array.isArray(rule.effects) ? rule.effects : []).forEach((effect, j) => {
    if (!isPlainObject(effect) || typeof effect.type !== 'string') return;
    const pointer = `${base}/effects/${j}`;
    const entry = registry.effect(effect.type);
    if (!entry) {
      const suggestion = didYouMean(effect.type, registry.effectTypes);
      scope.report('RULE_EFFECT_UNKNOWN', `${pointer}/type`, {
        message: join(
          localized(`unknown effect type "${effect.type}"`, `未知的效果类型 "${effect.type}"`),
          suggestionIn(suggestion),
        ),
        suggestion,
        ruleId: rule.id,
      });
      return;
    }
    for (const error of entry.validate(effect.params ?? {}, `${pointer}/params`)) scope.forward(error, '');
  });
  if (rule.variant) {
    const { experiment, arm } = rule.variant;
    const experiments = document.experiments ?? {};
    const definition = Object.hasOwn(experiments, experiment) ? experiments[experiment] : undefined;
    if (lostExperiments.has(experiment)) {
      // defined, but malformed: its structure error is reported already
    } else if (!definition) {
      const suggestion = didYouMean(experiment, Object.keys(experiments));
      scope.report('RULE_EXPERIMENT_UNKNOWN', `${base}/variant/experiment`, {
        message: join(
          localized(`unknown experiment "${experiment}"`, `未知的实验 "${experiment}"`),
          suggestionIn(suggestion),
        ),
        suggestion,
        ruleId: rule.id,
      });
    } else if (!isPlainObject(definition.arms) || !Object.hasOwn(definition.arms, arm)) {
      const suggestion = didYouMean(arm, Object.keys(definition.arms ?? {}));
      scope.report('RULE_EXPERIMENT_UNKNOWN', `${base}/variant/arm`, {
        message: join(
          localized(
            `unknown arm "${arm}" of experiment "${experiment}"`,
            `实验 "${experiment}" 没有分组 "${arm}"`,
          ),
          suggestionIn(suggestion),
        ),
        suggestion,
        ruleId: rule.id,
      });
    }
  }
  if (rule.conditions !== undefined) checkCondition(scope, rule.conditions, `${base}/conditions`, []);
}

/** Reports every cycle among named conditions (`a → b → a`) once, at its first member. */
export function checkConditionCycles(
  refs: Map<string, ConditionRef[]>,
  report: (name: string, ref: ConditionRef, cycle: string[]) => void,
): void {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string) => {
    state.set(name, 'active');
    stack.push(name);
    for (const ref of refs.get(name) ?? []) {
      const s = state.get(ref.name);
      if (s === 'active') {
        const cycle = [...stack.slice(stack.indexOf(ref.name)), ref.name];
        report(name, ref, cycle);
      } else if (s === undefined && refs.has(ref.name)) visit(ref.name);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of refs.keys()) if (!state.has(name)) visit(name);
}
