import type { ErrorCode } from '../errors/codes';
import { EngageLoopError } from '../errors/error';
import { join, localized, suggestionIn } from '../errors/localized';
import type { Registry } from '../plugin/registry';
import { isValidTimeZone } from '../time/zoned';
import type { ConditionRef, ConditionScope } from './check-conditions';
import { checkCondition } from './check-conditions';
import { checkReferences } from './check-references';
import { checkConditionCycles, checkRule, resolveRuleIds } from './check-rules';
import { didYouMean } from './did-you-mean';
import { type MergedPolicy, mergeParts, type RuleOrigin } from './merge';
import { joinPointer, toPointer } from './pointer';
import { type PolicyPart, problemAt, relocate } from './source';
import { checkStructure, conditionStructure } from './structural';

/** Everything the loader found: errors, or the merged policy with its rules and settings. */
export interface Analysis {
  errors: EngageLoopError[];
  merged?: MergedPolicy;
  rules: RuleOrigin[];
  settings: Record<string, unknown>;
}

function scopeFactory(registry: Registry, names: ReadonlySet<string>, errors: EngageLoopError[]) {
  const operators = new Set(registry.operatorNames);
  const decorators = new Set(registry.decoratorNames);
  return (part: PolicyPart, ruleId?: string): ConditionScope => ({
    registry,
    operators,
    decorators,
    names,
    ruleId,
    report: (code: ErrorCode, pointer, options) =>
      errors.push(problemAt(part, code, pointer, { ruleId, ...options })),
    forward: (error, base) => errors.push(relocate(part, error, base, ruleId)),
  });
}

function pluginRuleParts(registry: Registry): PolicyPart[] {
  return registry.plugins
    .filter((p) => p.rules && p.rules.length > 0)
    .map((p) => ({ doc: { version: 1, rules: p.rules }, file: `plugin:${p.name}`, plugin: p.name }));
}

/** Runs every load-time check over structurally parsed parts; collects all errors. */
export function analyse(
  parts: readonly PolicyPart[],
  registry: Registry,
  errors: EngageLoopError[],
): Analysis {
  // Every part is analysed: one with structure errors without its malformed pieces, so a file's schema
  // and semantic errors are reported in one run.
  const checked = parts.flatMap((part) => checkStructure(part, registry, errors) ?? []);
  const valid = checked.map((c) => c.part);
  const pluginParts = pluginRuleParts(registry).flatMap((part) => {
    const c = checkStructure(part, registry, errors);
    return c ? [c.part] : [];
  });
  const lostConditions = checked.flatMap((c) => [...c.lost.conditions]);
  const lostExperiments = new Set(checked.flatMap((c) => [...c.lost.experiments]));
  const merged = mergeParts(valid, errors);
  const pluginMerged = mergeParts(pluginParts, errors);
  const { document, origins } = merged;
  const fallback = valid[0] ?? { doc: document };
  const names = new Set([...Object.keys(document.conditions ?? {}), ...lostConditions]);
  const scopeFor = scopeFactory(registry, names, errors);

  const { kept: rules, duplicates } = resolveRuleIds(pluginMerged.rules, merged.rules, scopeFor);
  for (const origin of [...rules, ...duplicates]) checkRule(origin, document, scopeFor, lostExperiments);

  const refs = new Map<string, ConditionRef[]>();
  for (const [name, condition] of Object.entries(document.conditions ?? {})) {
    const part = origins.conditions.get(name) ?? fallback;
    const list: ConditionRef[] = [];
    checkCondition(scopeFor(part), condition, toPointer(['conditions', name]), list);
    refs.set(name, list);
  }
  checkConditionCycles(refs, (name, ref, cycle) => {
    const part = origins.conditions.get(name) ?? fallback;
    errors.push(
      problemAt(part, 'RULE_CONDITION_CYCLE', ref.pointer, {
        message: localized(
          `named conditions refer to each other in a cycle: ${cycle.join(' → ')}.`,
          `命名条件之间循环引用：${cycle.join(' → ')}。`,
        ),
        data: { cycle },
      }),
    );
  });

  const timezone = document.defaults?.timezone;
  if (timezone !== undefined && !isValidTimeZone(timezone)) {
    errors.push(
      problemAt(merged.singles.get('defaults') ?? fallback, 'POLICY_SCHEMA_INVALID', '/defaults/timezone', {
        message: localized(
          `Unknown time zone "${timezone}"; use an IANA name such as "Asia/Shanghai" or "UTC".`,
          `未知的时区 "${timezone}"；请使用 IANA 名称，如 "Asia/Shanghai" 或 "UTC"。`,
        ),
      }),
    );
  }

  const settings = checkSettings(merged, registry, fallback, scopeFor, errors);
  checkReferences(registry, merged, [...rules, ...duplicates], settings, fallback, errors);
  return { errors, merged, rules, settings };
}

function checkSettings(
  merged: MergedPolicy,
  registry: Registry,
  fallback: PolicyPart,
  scopeFor: ReturnType<typeof scopeFactory>,
  errors: EngageLoopError[],
): Record<string, unknown> {
  const raw = merged.document.settings ?? {};
  const names = registry.plugins.map((p) => p.name);
  for (const key of Object.keys(raw)) {
    if (registry.plugin(key)) continue;
    const suggestion = didYouMean(key, names);
    errors.push(
      problemAt(
        merged.origins.settings.get(key) ?? fallback,
        'SETTINGS_PLUGIN_UNKNOWN',
        toPointer(['settings', key]),
        {
          key: true,
          plugin: key,
          suggestion,
          message: join(
            localized(
              `there are settings for "${key}", but no such plugin is installed`,
              `有 "${key}" 的设置，但没有安装这个插件`,
            ),
            suggestionIn(suggestion),
          ),
        },
      ),
    );
  }
  const out: Record<string, unknown> = {};
  for (const plugin of registry.plugins) {
    const part = merged.origins.settings.get(plugin.name) ?? fallback;
    const given = Object.hasOwn(raw, plugin.name) ? raw[plugin.name] : undefined;
    const result = registry.settingsFor(plugin.name, given);
    for (const error of result.errors) errors.push(relocate(part, error, ''));
    if (result.errors.length > 0) continue;
    if (result.value !== undefined) out[plugin.name] = result.value;
    if (!plugin.conditions) continue;
    let embedded: ReturnType<NonNullable<typeof plugin.conditions>>;
    try {
      embedded = plugin.conditions(result.value);
    } catch (cause) {
      errors.push(
        new EngageLoopError('SETTINGS_INVALID', {
          message: localized(
            `The plugin "${plugin.name}" could not read the conditions in its settings: ${cause instanceof Error ? cause.message : String(cause)}`,
            `插件 "${plugin.name}" 无法读取其设置中的条件：${cause instanceof Error ? cause.message : String(cause)}`,
          ),
          pointer: toPointer(['settings', plugin.name]),
          plugin: plugin.name,
          cause,
        }),
      );
      continue;
    }
    const base = toPointer(['settings', plugin.name]);
    for (const { pointer, condition } of embedded) {
      const at = joinPointer(base, pointer);
      const problems = conditionStructure(registry, condition, at);
      for (const p of problems) {
        errors.push(
          problemAt(part, 'SETTINGS_INVALID', p.pointer, {
            detail: p.detail,
            key: p.key,
            plugin: plugin.name,
          }),
        );
      }
      if (problems.length === 0) checkCondition(scopeFor(part), condition, at, []);
    }
  }
  return out;
}
