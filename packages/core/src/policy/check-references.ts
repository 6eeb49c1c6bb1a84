import type { ErrorCode } from '../errors/codes';
import { EngageLoopError } from '../errors/error';
import { join, localized, type MessageText, suggestionIn } from '../errors/localized';
import type { DeclaredNames, PluginReferences } from '../plugin/references';
import type { Registry } from '../plugin/registry';
import type { Plugin } from '../plugin/types';
import { didYouMean } from './did-you-mean';
import type { MergedPolicy, RuleOrigin } from './merge';
import { joinPointer, toPointer } from './pointer';
import { isPlainObject } from './safe-object';
import { type PolicyPart, problemAt } from './source';
import type { LocalizedText } from './types';

/** Operators whose literal value is compared to a fact's value as names (`in`: any of a list). */
const NAME_OPERATORS = new Set(['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain']);

type Kinds = Record<string, DeclaredNames & { set: ReadonlySet<string> }>;
type Report = (code: ErrorCode, part: PolicyPart, pointer: string, kind: string, name: string) => void;

/** A plugin's label of a kind in a message locale (a plain string in every locale). */
function labelIn(label: LocalizedText, locale: 'en' | 'zh-CN'): string {
  if (typeof label === 'string') return label;
  return (
    (Object.hasOwn(label, locale) ? label[locale] : undefined) ?? label.en ?? Object.values(label)[0] ?? ''
  );
}

/** `unknown badge "x" (not declared in settings.incentives.badges)` in every message locale. */
const unknownName = (label: LocalizedText, name: string, declaredAt: string): MessageText =>
  localized(
    `unknown ${labelIn(label, 'en')} "${name}" (not declared in ${declaredAt})`,
    `未声明的${labelIn(label, 'zh-CN')} "${name}"（应在 ${declaredAt} 中声明）`,
  );

const causeText = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

/** The name or names a value holds (a string, or the strings of an array), each with its pointer. */
function namesIn(value: unknown, pointer: string): Array<{ name: string; pointer: string }> {
  if (typeof value === 'string') return [{ name: value, pointer }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, k) => (typeof v === 'string' ? [{ name: v, pointer: `${pointer}/${k}` }] : []));
}

/** Calls `leaf` for every fact comparison of a condition tree (all / any / not). */
function eachLeaf(
  condition: unknown,
  pointer: string,
  leaf: (node: Record<string, unknown>, at: string) => void,
): void {
  if (!isPlainObject(condition)) return;
  for (const key of ['all', 'any'] as const) {
    const list = Object.hasOwn(condition, key) ? condition[key] : undefined;
    if (!Array.isArray(list)) continue;
    for (const [i, c] of list.entries()) eachLeaf(c, `${pointer}${toPointer([key, i])}`, leaf);
    return;
  }
  if (Object.hasOwn(condition, 'not')) {
    eachLeaf(condition.not, `${pointer}/not`, leaf);
    return;
  }
  if (typeof condition.fact === 'string') leaf(condition, pointer);
}

/** One plugin's references, checked against the names its settings declare and the policy's rule ids. */
function checkPlugin(
  plugin: Plugin,
  refs: PluginReferences,
  settings: unknown,
  merged: MergedPolicy,
  rules: readonly RuleOrigin[],
  report: Report,
  fallback: PolicyPart,
  embedded: readonly EmbeddedCondition[],
): void {
  const settingsPart = merged.origins.settings.get(plugin.name) ?? fallback;
  const base = toPointer(['settings', plugin.name]);
  for (const ref of refs.inSettings?.(settings) ?? [])
    report('SETTINGS_REFERENCE_UNKNOWN', settingsPart, joinPointer(base, ref.pointer), ref.kind, ref.name);
  for (const { rule, part, index } of rules) {
    const effects = Array.isArray(rule.effects) ? rule.effects : [];
    effects.forEach((effect, j) => {
      const params = isPlainObject(effect) ? refs.params?.[effect.type] : undefined;
      if (!params || !isPlainObject(effect.params)) return;
      for (const [param, kind] of Object.entries(params)) {
        const at = `${toPointer(['rules', index, 'effects', j, 'params', param])}`;
        const value = Object.hasOwn(effect.params, param) ? effect.params[param] : undefined;
        for (const n of namesIn(value, at)) report('RULE_REFERENCE_UNKNOWN', part, n.pointer, kind, n.name);
      }
    });
  }
  const { facts = {}, factParams = {} } = refs;
  const leaf =
    (part: PolicyPart, code: ErrorCode = 'RULE_REFERENCE_UNKNOWN') =>
    (node: Record<string, unknown>, at: string) => {
      const fact = String(node.fact);
      const kind = Object.hasOwn(facts, fact) ? facts[fact] : undefined;
      if (kind !== undefined && node.path === undefined && NAME_OPERATORS.has(String(node.operator)))
        for (const n of namesIn(node.value, `${at}/value`)) report(code, part, n.pointer, kind, n.name);
      const named = Object.hasOwn(factParams, fact) ? factParams[fact] : undefined;
      if (named && isPlainObject(node.params))
        for (const [param, k] of Object.entries(named)) {
          const value = Object.hasOwn(node.params, param) ? node.params[param] : undefined;
          for (const n of namesIn(value, `${at}/params/${param}`)) report(code, part, n.pointer, k, n.name);
        }
    };
  for (const { rule, part, index } of rules)
    eachLeaf(rule.conditions, `${toPointer(['rules', index])}/conditions`, leaf(part));
  for (const [name, condition] of Object.entries(merged.document.conditions ?? {}))
    eachLeaf(
      condition,
      toPointer(['conditions', name]),
      leaf(merged.origins.conditions.get(name) ?? fallback),
    );
  for (const c of embedded) eachLeaf(c.condition, c.pointer, leaf(c.part, 'SETTINGS_REFERENCE_UNKNOWN'));
}

/** A condition inside a plugin's settings (a lifecycle stage's `when`, a segment), with its place in the file. */
interface EmbeddedCondition {
  condition: unknown;
  pointer: string;
  part: PolicyPart;
}

/** The conditions every plugin's settings hold (`Plugin.conditions`); one that cannot list them is skipped (analyse reports it). */
function embeddedConditions(
  registry: Registry,
  merged: MergedPolicy,
  settings: Record<string, unknown>,
  fallback: PolicyPart,
): EmbeddedCondition[] {
  return registry.plugins.flatMap((owner) => {
    if (!owner.conditions || !Object.hasOwn(settings, owner.name)) return [];
    const part = merged.origins.settings.get(owner.name) ?? fallback;
    const base = toPointer(['settings', owner.name]);
    try {
      return owner
        .conditions(settings[owner.name])
        .map((c) => ({ condition: c.condition, pointer: joinPointer(base, c.pointer), part }));
    } catch {
      return [];
    }
  });
}

/**
 * Cross-reference checks: every name a rule's effect params, a condition on a naming fact (in a rule, a named
 * condition, or a plugin's settings such as a lifecycle stage's `when`), or a plugin's settings give (a rule id in a cap, a badge granted, a wallet, a tier, a reply template, a stage…) must be
 * declared — in the plugin's settings, or among the policy's rule ids for the kind `rule`. Each plugin
 * declares its own references (`Plugin.references`); plugins whose settings are invalid are skipped.
 */
export function checkReferences(
  registry: Registry,
  merged: MergedPolicy,
  rules: readonly RuleOrigin[],
  settings: Record<string, unknown>,
  fallback: PolicyPart,
  errors: EngageLoopError[],
): void {
  const ruleIds = new Set(rules.flatMap((o) => (typeof o.rule.id === 'string' ? [o.rule.id] : [])));
  const embedded = embeddedConditions(registry, merged, settings, fallback);
  for (const plugin of registry.plugins) {
    const refs = plugin.references;
    if (!refs || (plugin.settings && !Object.hasOwn(settings, plugin.name))) continue;
    const value = plugin.settings ? settings[plugin.name] : undefined;
    const kinds: Kinds = {
      rule: { names: ruleIds, set: ruleIds, label: localized('rule id', '规则 id'), declaredAt: '"rules"' },
    };
    const report: Report = (code, part, pointer, kind, name) => {
      const declared = kinds[kind];
      if (!declared || declared.set.has(name)) return;
      const suggestion = didYouMean(name, declared.set);
      errors.push(
        problemAt(part, code, pointer, {
          plugin: plugin.name,
          suggestion,
          data: { kind, name },
          message: join(unknownName(declared.label, name, declared.declaredAt), suggestionIn(suggestion)),
        }),
      );
    };
    try {
      for (const [kind, declared] of Object.entries(refs.declared?.(value) ?? {}))
        kinds[kind] = { ...declared, set: new Set(declared.names) };
      checkPlugin(plugin, refs, value, merged, rules, report, fallback, embedded);
    } catch (cause) {
      errors.push(
        new EngageLoopError('SETTINGS_INVALID', {
          message: localized(
            `The plugin "${plugin.name}" could not list the names its settings declare or refer to: ${causeText(cause)}`,
            `插件 "${plugin.name}" 无法列出其设置声明或引用的名称：${causeText(cause)}`,
          ),
          pointer: toPointer(['settings', plugin.name]),
          plugin: plugin.name,
          cause,
        }),
      );
    }
  }
}
