import type { Plugin } from '@engageloop/core';

/** What a policy document refers to that a plugin may provide. */
interface References {
  settings: Set<string>;
  effects: Set<string>;
  facts: Set<string>;
  operators: Set<string>;
  /** Event types rules listen to that the policy does not declare itself. */
  events: Set<string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every `fact` and `operator` named anywhere in the document (rules, named conditions, settings). */
function walk(value: unknown, refs: References, depth: number): void {
  if (depth > 64) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, refs, depth + 1);
    return;
  }
  if (!isRecord(value)) return;
  if (typeof value.fact === 'string') refs.facts.add(value.fact);
  if (typeof value.operator === 'string') refs.operators.add(value.operator);
  for (const key of Object.keys(value)) walk(value[key], refs, depth + 1);
}

function referencesOf(document: Record<string, unknown>): References {
  const refs: References = {
    settings: new Set(isRecord(document.settings) ? Object.keys(document.settings) : []),
    effects: new Set(),
    facts: new Set(),
    operators: new Set(),
    events: new Set(),
  };
  const declared = isRecord(document.eventTypes) ? document.eventTypes : {};
  for (const rule of Array.isArray(document.rules) ? document.rules : []) {
    if (!isRecord(rule)) continue;
    for (const effect of Array.isArray(rule.effects) ? rule.effects : []) {
      if (isRecord(effect) && typeof effect.type === 'string') refs.effects.add(effect.type);
    }
    for (const type of typeof rule.on === 'string' ? [rule.on] : Array.isArray(rule.on) ? rule.on : []) {
      if (typeof type === 'string' && !Object.hasOwn(declared, type)) refs.events.add(type);
    }
  }
  walk(document, refs, 0);
  return refs;
}

const anyIn = (names: Iterable<string>, refs: Set<string>, prefix: string): boolean => {
  for (const name of refs) if (name.startsWith(prefix)) return true;
  for (const name of names) if (refs.has(name)) return true;
  return false;
};

/** Whether a policy document needs a plugin: its settings, effects, facts, operators or event types. */
function uses(plugin: Plugin, refs: References): boolean {
  const prefix = `${plugin.name}.`;
  return (
    refs.settings.has(plugin.name) ||
    anyIn(Object.keys(plugin.effects ?? {}), refs.effects, prefix) ||
    anyIn(Object.keys(plugin.facts ?? {}), refs.facts, prefix) ||
    anyIn(Object.keys(plugin.operators ?? {}), refs.operators, `\0`) ||
    anyIn(Object.keys(plugin.eventTypes ?? {}), refs.events, `\0`)
  );
}

/**
 * The names of the plugins (of `available`) a policy document uses: one whose settings key it has,
 * or an effect, fact or operator it names, or an event type a rule listens to that only the plugin
 * declares. A document that is not an object uses none (loading it reports why).
 *
 * @example
 * usedPluginNames(JSON.parse(text), firstPartyPlugins()) // ['incentives']
 */
export function usedPluginNames(document: unknown, available: readonly Plugin[]): string[] {
  if (!isRecord(document)) return [];
  const refs = referencesOf(document);
  return available.filter((plugin) => uses(plugin, refs)).map((plugin) => plugin.name);
}
