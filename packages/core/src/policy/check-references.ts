import type { ErrorCode } from '../errors/codes';
import { EngageLoopError } from '../errors/error';
import { join, localized, type MessageText, suggestionIn } from '../errors/localized';
import type { DeclaredNames, PluginReferences } from '../plugin/references';
import type { Registry } from '../plugin/registry';
import type { Plugin } from '../plugin/types';
import { didYouMean } from './did-you-mean';
import type { MergedPolicy, RuleOrigin } from './merge';
import { joinPointer, parsePointer, toPointer } from './pointer';
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

/** Whether `pointer` (`/settings/lifecycle/segments/vip`) names a value the policy's files wrote. */
function written(document: unknown, pointer: string): boolean {
  let value = document;
  for (const key of parsePointer(pointer)) {
    if (Array.isArray(value)) value = value[Number(key)];
    else if (isPlainObject(value) && Object.hasOwn(value, key)) value = value[key];
    else return false;
  }
  return value !== undefined;
}

/**
 * Every plugin's declared names by kind (with `rule`, the policy's rule ids), for the plugins whose settings are
 * valid; a plugin that fails to list them gets `SETTINGS_INVALID` and no entry.
 */
function declaredKinds(
  registry: Registry,
  settings: Record<string, unknown>,
  ruleIds: ReadonlySet<string>,
  errors: EngageLoopError[],
): Map<string, Kinds> {
  const out = new Map<string, Kinds>();
  for (const plugin of registry.plugins) {
    const refs = plugin.references;
    if (!refs || (plugin.settings && !Object.hasOwn(settings, plugin.name))) continue;
    const kinds: Kinds = {
      rule: { names: ruleIds, set: ruleIds, label: localized('rule id', '规则 id'), declaredAt: '"rules"' },
    };
    try {
      const value = plugin.settings ? settings[plugin.name] : undefined;
      for (const [kind, declared] of Object.entries(refs.declared?.(value) ?? {}))
        kinds[kind] = { ...declared, set: new Set(declared.names) };
      out.set(plugin.name, kinds);
    } catch (cause) {
      errors.push(listFailure(plugin.name, cause));
    }
  }
  return out;
}

/** `SETTINGS_INVALID` for a plugin whose `references` threw. */
const listFailure = (plugin: string, cause: unknown): EngageLoopError =>
  new EngageLoopError('SETTINGS_INVALID', {
    message: localized(
      `The plugin "${plugin}" could not list the names its settings declare or refer to: ${causeText(cause)}`,
      `插件 "${plugin}" 无法列出其设置声明或引用的名称：${causeText(cause)}`,
    ),
    pointer: toPointer(['settings', plugin]),
    plugin,
    cause,
  });

/** The names of `kind`: the plugin's own, or another plugin's for `<plugin>:<kind>`; undefined when unknown. */
function kindOf(kind: string, own: Kinds, declared: ReadonlyMap<string, Kinds>): Kinds[string] | undefined {
  const colon = kind.indexOf(':');
  const kinds = colon < 0 ? own : declared.get(kind.slice(0, colon));
  const name = colon < 0 ? kind : kind.slice(colon + 1);
  return kinds !== undefined && Object.hasOwn(kinds, name) ? kinds[name] : undefined;
}

/**
 * Cross-reference checks: every name a rule's effect params, a condition on a naming fact (in a rule, a named
 * condition, or a condition the policy wrote in a plugin's settings such as a lifecycle segment), or a plugin's
 * settings give (a rule id in a cap, a badge granted, a wallet, a tier, a reply template, a stage…) must be
 * declared — in the plugin's settings, among the policy's rule ids for the kind `rule`, or, for a kind written
 * `<plugin>:<kind>` (`lifecycle.tier` names `incentives:tier`), in that other plugin's settings (not checked when
 * that plugin is not installed). Each plugin declares its own references (`Plugin.references`); plugins whose
 * settings are invalid are skipped, and so are the conditions a plugin supplies by default (not in the files).
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
  const embedded = embeddedConditions(registry, merged, settings, fallback).filter((c) =>
    written(merged.document, c.pointer),
  );
  const declared = declaredKinds(registry, settings, ruleIds, errors);
  for (const plugin of registry.plugins) {
    const kinds = declared.get(plugin.name);
    if (!kinds || !plugin.references) continue;
    const report: Report = (code, part, pointer, kind, name) => {
      const known = kindOf(kind, kinds, declared);
      if (!known || known.set.has(name)) return;
      const suggestion = didYouMean(name, known.set);
      errors.push(
        problemAt(part, code, pointer, {
          plugin: plugin.name,
          suggestion,
          data: { kind: kind.slice(kind.indexOf(':') + 1), name },
          message: join(unknownName(known.label, name, known.declaredAt), suggestionIn(suggestion)),
        }),
      );
    };
    const value = plugin.settings ? settings[plugin.name] : undefined;
    try {
      checkPlugin(plugin, plugin.references, value, merged, rules, report, fallback, embedded);
    } catch (cause) {
      errors.push(listFailure(plugin.name, cause));
    }
  }
}
