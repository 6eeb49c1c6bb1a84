import { createHash } from 'node:crypto';
import type { Analysis } from './analyse';
import { toPointer } from './pointer';
import { markPolicyParams } from './policy-params';
import { deepFreeze, isPlainObject } from './safe-object';
import type { NormalizedRule, Policy, PolicyDocument, RuleSource } from './types';

/** JSON with object keys sorted, so equal documents hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function defaultName(files: readonly string[]): string {
  const first = files[0];
  if (!first) return 'policy';
  const base = first.split(/[\\/]/).filter(Boolean).pop() ?? 'policy';
  return base.replace(/\.json$/i, '') || 'policy';
}

/** Turns a successful analysis into an immutable `Policy`. */
export function toPolicy(analysis: Analysis, files: readonly string[], label?: string): Policy {
  const merged = analysis.merged;
  if (!merged) throw new Error('toPolicy: no merged document');
  const document: PolicyDocument = merged.document;
  const rules: NormalizedRule[] = analysis.rules.map(({ rule, part, index }, order) => {
    const pointer = toPointer(['rules', index]);
    const position = part.locate?.(pointer);
    const source: RuleSource = { pointer };
    if (part.file) source.file = part.file;
    if (position) {
      source.line = position.line;
      source.column = position.column;
    }
    const on = rule.on === undefined ? null : Array.isArray(rule.on) ? [...rule.on] : [rule.on];
    const normalized: NormalizedRule = {
      id: rule.id,
      stage: rule.stage,
      on,
      conditions: rule.conditions ?? { all: [] },
      effects: rule.effects.map((e) => ({ type: e.type, params: e.params ?? {} })),
      priority: rule.priority ?? 1,
      enabled: rule.enabled ?? true,
      order,
      source,
    };
    if (rule.description !== undefined) normalized.description = rule.description;
    if (rule.variant !== undefined) normalized.variant = rule.variant;
    return normalized;
  });
  const hash = createHash('sha256').update(canonicalJson(document)).digest('hex');
  const policy: Policy = deepFreeze({
    name: document.name ?? label ?? defaultName(files),
    version: 1,
    hash,
    document,
    rules,
    conditions: document.conditions ?? {},
    experiments: document.experiments ?? {},
    settings: analysis.settings,
    defaults: {
      timezone: document.defaults?.timezone ?? 'UTC',
      locale: document.defaults?.locale ?? 'en',
      ...(document.defaults?.channels ? { channels: document.defaults.channels } : {}),
    },
    files: [...files],
  });
  for (const rule of policy.rules) for (const effect of rule.effects) markPolicyParams(effect.params);
  return policy;
}
