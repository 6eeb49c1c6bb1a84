import { EngageLoopError } from '../errors/error';
import { checkSchema } from '../policy/ajv';
import { HOOK_NAMES } from './hook-names';
import type { HookName, Plugin } from './types';

export const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/;
export const EVENT_TYPE = /^[a-z][a-zA-Z0-9_-]*([.:][a-zA-Z0-9_-]+)*$/;
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const PART = /^[A-Za-z][A-Za-z0-9_-]*$/;
const OPERATOR = /^[A-Za-z][A-Za-z0-9_]*$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why `schema` is not a usable JSON Schema, or `undefined`. It is checked against the draft's meta-schema
 * (`checkSchema`), not compiled: the registry compiles a schema when it is first used, so a plugin's unused
 * effects, facts and payloads cost nothing to compile.
 */
function schemaProblem(schema: unknown, what: string): string | undefined {
  if (!isObject(schema) && typeof schema !== 'boolean') return `${what} must be a JSON Schema object`;
  if (typeof schema === 'boolean') return undefined;
  try {
    checkSchema(schema);
    return undefined;
  } catch (error) {
    return compileProblem(what, error);
  }
}

/** The problem of a schema ajv refused (`error`), as `PLUGIN_INVALID` lists it; the registry words its own so. */
export const compileProblem = (what: string, error: unknown): string =>
  `${what} does not compile: ${error instanceof Error ? error.message : String(error)}`;

/** The `PLUGIN_INVALID` error of the plugin `name` (undefined when it has none), listing `problems`. */
export const pluginInvalid = (name: string | undefined, problems: string[]): EngageLoopError =>
  new EngageLoopError('PLUGIN_INVALID', {
    message: `Plugin "${name ?? '?'}" is not valid: ${problems.join('; ')}.`,
    plugin: name,
    data: { problems },
  });

function checkParts(
  problems: string[],
  parts: unknown,
  label: string,
  prefix: string | null,
  each: (key: string, value: Record<string, unknown>) => void,
): void {
  if (parts === undefined) return;
  if (!isObject(parts)) {
    problems.push(`${label} must be an object`);
    return;
  }
  for (const [key, value] of Object.entries(parts)) {
    const [head, ...rest] = key.split('.');
    const local = rest.join('.');
    if (prefix !== null && (head !== prefix || !PART.test(local))) {
      problems.push(`${label} key "${key}" must be "${prefix}.<name>"`);
    } else if (prefix === null && !PART.test(key) && !(head && PART.test(head) && PART.test(local))) {
      problems.push(`${label} key "${key}" is not a valid name`);
    }
    if (!isObject(value)) problems.push(`${label} "${key}" must be an object`);
    else each(key, value);
  }
}

/** `references`: functions where functions belong; params of the plugin's own effects, its own facts. */
function referenceProblems(problems: string[], refs: unknown, effects: unknown, facts: unknown): void {
  if (!isObject(refs)) {
    problems.push('references must be an object');
    return;
  }
  for (const key of ['declared', 'inSettings'] as const)
    if (refs[key] !== undefined && typeof refs[key] !== 'function')
      problems.push(`references.${key} must be a function`);
  const owned = (
    what: 'params' | 'facts' | 'factParams',
    parts: unknown,
    kinds: (value: unknown) => boolean,
  ) => {
    const map = refs[what];
    if (map === undefined) return;
    if (!isObject(map)) {
      problems.push(`references.${what} must be an object`);
      return;
    }
    for (const [key, value] of Object.entries(map)) {
      if (!isObject(parts) || !Object.hasOwn(parts, key))
        problems.push(
          `references.${what} "${key}" is not one of the plugin's ${what === 'params' ? 'effects' : 'facts'}`,
        );
      if (!kinds(value)) problems.push(`references.${what} "${key}" must name a kind`);
    }
  };
  const paramKinds = (v: unknown) => isObject(v) && Object.values(v).every((k) => typeof k === 'string');
  owned('params', effects, paramKinds);
  owned('facts', facts, (v) => typeof v === 'string');
  owned('factParams', facts, paramKinds);
}

function problemsOf(plugin: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const name = plugin.name;
  if (typeof name !== 'string' || !PLUGIN_NAME.test(name)) problems.push('name must match ^[a-z][a-z0-9-]*$');
  if (typeof plugin.version !== 'string' || !VERSION.test(plugin.version))
    problems.push('version must be semver (1.2.3)');
  const prefix = typeof name === 'string' ? name : '?';
  checkParts(problems, plugin.effects, 'effect', prefix, (key, effect) => {
    const p = schemaProblem(effect.params, `effect "${key}" params`);
    if (p) problems.push(p);
    if (typeof effect.apply !== 'function') problems.push(`effect "${key}" apply must be a function`);
  });
  checkParts(problems, plugin.facts, 'fact', name === 'core' ? null : prefix, (key, fact) => {
    if (typeof fact.value !== 'function') problems.push(`fact "${key}" value must be a function`);
    if (fact.params !== undefined) {
      const p = schemaProblem(fact.params, `fact "${key}" params`);
      if (p) problems.push(p);
    }
    if (fact.async !== undefined && typeof fact.async !== 'boolean')
      problems.push(`fact "${key}" async must be a boolean`);
  });
  if (plugin.eventTypes !== undefined) {
    if (!isObject(plugin.eventTypes)) problems.push('eventTypes must be an object');
    else
      for (const [key, def] of Object.entries(plugin.eventTypes)) {
        if (!EVENT_TYPE.test(key)) problems.push(`event type "${key}" is not a valid event type name`);
        if (!isObject(def)) problems.push(`event type "${key}" must be an object`);
        else {
          if (def.payload !== undefined) {
            const p = schemaProblem(def.payload, `event type "${key}" payload`);
            if (p) problems.push(p);
          }
          if (
            def.sources !== undefined &&
            (!Array.isArray(def.sources) ||
              def.sources.length === 0 ||
              !def.sources.every((s) => s === 'event' || s === 'timer' || s === 'derived'))
          )
            problems.push(
              `event type "${key}" sources must be a non-empty array of "event", "timer", "derived"`,
            );
        }
      }
  }
  if (plugin.operators !== undefined) {
    if (!isObject(plugin.operators)) problems.push('operators must be an object');
    else
      for (const [key, fn] of Object.entries(plugin.operators)) {
        if (!OPERATOR.test(key)) problems.push(`operator "${key}" must match ^[A-Za-z][A-Za-z0-9_]*$`);
        if (typeof fn !== 'function') problems.push(`operator "${key}" must be a function`);
      }
  }
  if (plugin.settings !== undefined) {
    if (!isObject(plugin.settings)) problems.push('settings must be { schema, defaults }');
    else {
      const p = schemaProblem(plugin.settings.schema, 'settings schema');
      if (p) problems.push(p);
      if (!('defaults' in plugin.settings)) problems.push('settings.defaults is required');
      const { replace } = plugin.settings as { replace?: unknown };
      if (replace !== undefined && !(Array.isArray(replace) && replace.every((k) => typeof k === 'string')))
        problems.push('settings.replace must be an array of top-level settings keys');
    }
  }
  if (plugin.state !== undefined && (!isObject(plugin.state) || typeof plugin.state.initial !== 'function')) {
    problems.push('state must be { initial(userId) }');
  }
  if (plugin.rules !== undefined && (!Array.isArray(plugin.rules) || !plugin.rules.every(isObject))) {
    problems.push('rules must be an array of rule objects');
  }
  if (plugin.conditions !== undefined && typeof plugin.conditions !== 'function')
    problems.push('conditions must be a function');
  if (plugin.references !== undefined)
    referenceProblems(problems, plugin.references, plugin.effects, plugin.facts);
  if (plugin.hooks !== undefined) {
    if (!isObject(plugin.hooks)) problems.push('hooks must be an object');
    else
      for (const [key, fn] of Object.entries(plugin.hooks)) {
        if (!HOOK_NAMES.includes(key as HookName))
          problems.push(`hook "${key}" is unknown (hooks: ${HOOK_NAMES.join(', ')})`);
        else if (typeof fn !== 'function') problems.push(`hook "${key}" must be a function`);
      }
  }
  return problems;
}

/**
 * Checks a plugin's shape and returns it unchanged (typed). Throws `PLUGIN_INVALID` naming every
 * problem: the name, the version, effect and fact keys (`<plugin>.<name>`), functions where
 * functions belong, and JSON Schemas the draft's meta-schema refuses (each is compiled at its first use, by the
 * registry).
 *
 * @example
 * export const greeter = () => definePlugin({ name: 'greeter', version: '1.0.0', effects: { … } });
 */
export function definePlugin<S = unknown, Settings = unknown>(
  plugin: Plugin<S, Settings>,
): Plugin<S, Settings> {
  if (!isObject(plugin))
    throw new EngageLoopError('PLUGIN_INVALID', { message: 'A plugin must be an object.' });
  const problems = problemsOf(plugin as unknown as Record<string, unknown>);
  if (problems.length > 0) {
    throw pluginInvalid(typeof plugin.name === 'string' ? plugin.name : undefined, problems);
  }
  return plugin;
}
