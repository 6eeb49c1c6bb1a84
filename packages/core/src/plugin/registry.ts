import type { ValidateFunction } from 'ajv';
import { EngageLoopError } from '../errors/error';
import type { OperatorFunction } from '../evaluator/types';
import { type Ajv, compileCached, createAjv } from '../policy/ajv';
import { describeAjvErrors } from '../policy/ajv-errors';
import { BUILT_IN_OPERATORS, OPERATOR_DECORATORS } from '../policy/operators';
import { toPointer } from '../policy/pointer';
import { cloneJson, deepMerge, isPlainObject, safeSet } from '../policy/safe-object';
import { corePlugin } from './core-plugin';
import { compileProblem, definePlugin, pluginInvalid } from './define-plugin';
import { HOOK_NAMES } from './hook-names';
import type { EffectType, EventTypeDefinition, FactDefinition, HookName, Plugin, PluginHooks } from './types';

export interface RegisteredEffect {
  plugin: Plugin;
  definition: EffectType;
  /** Errors of `params` against the effect's schema; pointers start at `base` (default `''`). */
  validate(params: unknown, base?: string): EngageLoopError[];
}

export interface RegisteredFact {
  plugin: Plugin;
  definition: FactDefinition;
  /** Errors of a condition's `params` against the fact's params schema (none when it has none). */
  validate(params: unknown, base?: string): EngageLoopError[];
}

/** One plugin's hook, with the plugin's position in `Registry.plugins`. */
export interface HookEntry<H extends HookName = HookName> {
  readonly index: number;
  readonly plugin: Plugin;
  readonly fn: NonNullable<PluginHooks[H]>;
}

/** For each hook, the plugins that have it, in plugin order (read once: dispatches never look hooks up). */
export type HookTable = { readonly [H in HookName]: readonly HookEntry<H>[] };

/** The installed plugins, indexed, with compiled validators. Built by `createRegistry`. */
export interface Registry {
  /** Core first, then in the given order. */
  readonly plugins: readonly Plugin[];
  /** Each hook's plugins, in plugin order. */
  readonly hooks: HookTable;
  /** The installed plugin of that name (`core` included), or undefined. */
  plugin(name: string): Plugin | undefined;
  /** An effect type (`incentives.award`) with its plugin and compiled params validator, or undefined when no plugin owns it. */
  effect(type: string): RegisteredEffect | undefined;
  /** A fact (`incentives.balance`, `event`) with the plugin that provides it, or undefined. */
  fact(name: string): RegisteredFact | undefined;
  /** An event type a plugin declares (`profile.updated`, `lifecycle.timer`) and that plugin, or undefined. */
  eventType(type: string): { plugin: Plugin; definition: EventTypeDefinition } | undefined;
  /** Compiled payload validator of an event type, if a plugin declared a payload schema. */
  payloadValidator(type: string): ValidateFunction | undefined;
  readonly effectTypes: readonly string[];
  readonly factNames: readonly string[];
  readonly eventTypeNames: readonly string[];
  /** Custom operators from plugins. */
  readonly operators: Readonly<Record<string, OperatorFunction>>;
  /** Built-in and custom operator names. */
  readonly operatorNames: readonly string[];
  /** Operator decorators (json-rules-engine built-ins). */
  readonly decoratorNames: readonly string[];
  /**
   * Settings for a plugin: `raw` (from `policy.settings[name]`) deep-merged over the plugin's
   * defaults and validated against its settings schema. Error pointers start at `/settings/<name>`.
   */
  settingsFor(pluginName: string, raw: unknown): { value: unknown; errors: EngageLoopError[] };
  /** The registry's ajv (draft 2020-12, formats), for plugins' own option validation. */
  readonly ajv: Ajv;
}

function duplicate(what: string, name: string, first: Plugin, second: Plugin): EngageLoopError {
  return new EngageLoopError('PLUGIN_DUPLICATE', {
    message: `The ${what} "${name}" is provided twice (by "${first.name}" and "${second.name}").`,
    plugin: second.name,
    data: { [what.replace(/ /g, '')]: name, plugins: [first.name, second.name] },
  });
}

function schemaErrors(
  validate: ValidateFunction,
  schema: unknown,
  data: unknown,
  code: 'SETTINGS_INVALID' | 'RULE_EFFECT_PARAMS_INVALID' | 'RULE_FACT_PARAMS_INVALID',
  base: string,
  plugin: string,
): EngageLoopError[] {
  if (validate(data)) return [];
  return describeAjvErrors(validate.errors, schema, base, data).map(
    (p) =>
      new EngageLoopError(code, {
        message: p.text,
        detail: p.detail,
        pointer: p.pointer,
        plugin,
        data: p.suggestion ? { suggestion: p.suggestion } : undefined,
      }),
  );
}

/**
 * The validator of a plugin's schema, compiled at its first use (`definePlugin` checked the schema against the
 * meta-schema without compiling it). A schema ajv still refuses then is the plugin's `PLUGIN_INVALID`, as
 * `definePlugin` words it.
 */
function firstUse(schema: object, plugin: Plugin, what: string): () => ValidateFunction {
  let validate: ValidateFunction | undefined;
  return () => {
    if (validate) return validate;
    try {
      validate = compileCached(schema);
    } catch (error) {
      throw pluginInvalid(plugin.name, [compileProblem(what, error)]);
    }
    return validate;
  };
}

/**
 * Indexes plugins (the core plugin is always first), checks that no two provide the same plugin
 * name, effect type, fact, operator or event type (`PLUGIN_DUPLICATE`), and compiles each schema once, at its
 * first use.
 *
 * @example
 * const registry = createRegistry([incentives(), replies()]);
 * registry.effect('incentives.award')?.validate({ points: 20 }); // []
 */
export function createRegistry(plugins: readonly Plugin[] = []): Registry {
  const all = [corePlugin, ...plugins.filter((p) => p !== corePlugin)];
  let ajv: Ajv | undefined;
  const byName = new Map<string, Plugin>();
  const effects = new Map<string, RegisteredEffect>();
  const facts = new Map<string, RegisteredFact>();
  const eventTypes = new Map<string, { plugin: Plugin; definition: EventTypeDefinition }>();
  const payloads = new Map<string, () => ValidateFunction>();
  const settings = new Map<string, () => ValidateFunction>();
  const operators: Record<string, OperatorFunction> = Object.create(null);
  const operatorOwners = new Map<string, Plugin>();

  for (const plugin of all) {
    definePlugin(plugin);
    const seen = byName.get(plugin.name);
    if (seen) throw duplicate('plugin', plugin.name, seen, plugin);
    byName.set(plugin.name, plugin);
    for (const [type, definition] of Object.entries(plugin.effects ?? {}) as [string, EffectType][]) {
      const prior = effects.get(type);
      if (prior) throw duplicate('effect type', type, prior.plugin, plugin);
      const validate = firstUse(definition.params, plugin, `effect "${type}" params`);
      effects.set(type, {
        plugin,
        definition,
        validate: (params, base = '') =>
          schemaErrors(
            validate(),
            definition.params,
            params,
            'RULE_EFFECT_PARAMS_INVALID',
            base,
            plugin.name,
          ),
      });
    }
    for (const [name, definition] of Object.entries(plugin.facts ?? {})) {
      const prior = facts.get(name);
      if (prior) throw duplicate('fact', name, prior.plugin, plugin);
      const schema = (definition as FactDefinition).params;
      const validate = schema ? firstUse(schema, plugin, `fact "${name}" params`) : undefined;
      facts.set(name, {
        plugin,
        definition: definition as FactDefinition,
        validate: (params, base = '') =>
          validate
            ? schemaErrors(validate(), schema, params ?? {}, 'RULE_FACT_PARAMS_INVALID', base, plugin.name)
            : [],
      });
    }
    for (const [name, fn] of Object.entries(plugin.operators ?? {})) {
      const prior = operatorOwners.get(name);
      if (prior) throw duplicate('operator', name, prior, plugin);
      if ((BUILT_IN_OPERATORS as readonly string[]).includes(name))
        throw duplicate('operator', name, corePlugin, plugin);
      operatorOwners.set(name, plugin);
      operators[name] = fn;
    }
    for (const [type, definition] of Object.entries(plugin.eventTypes ?? {})) {
      const prior = eventTypes.get(type);
      if (prior) throw duplicate('event type', type, prior.plugin, plugin);
      eventTypes.set(type, { plugin, definition });
      if (definition.payload)
        payloads.set(type, firstUse(definition.payload, plugin, `event type "${type}" payload`));
    }
    if (plugin.settings)
      settings.set(plugin.name, firstUse(plugin.settings.schema, plugin, 'settings schema'));
  }

  return {
    plugins: Object.freeze(all),
    hooks: hookTable(all),
    plugin: (name) => byName.get(name),
    effect: (type) => effects.get(type),
    fact: (name) => facts.get(name),
    eventType: (type) => eventTypes.get(type),
    payloadValidator: (type) => payloads.get(type)?.(),
    effectTypes: Object.freeze([...effects.keys()]),
    factNames: Object.freeze([...facts.keys()]),
    eventTypeNames: Object.freeze([...eventTypes.keys()]),
    operators: Object.freeze(operators),
    operatorNames: Object.freeze([...BUILT_IN_OPERATORS, ...operatorOwners.keys()]),
    decoratorNames: OPERATOR_DECORATORS,
    settingsFor(pluginName, raw) {
      const plugin = byName.get(pluginName);
      const base = toPointer(['settings', pluginName]);
      if (!plugin) {
        return {
          value: raw,
          errors: [new EngageLoopError('SETTINGS_PLUGIN_UNKNOWN', { pointer: base, plugin: pluginName })],
        };
      }
      if (!plugin.settings) {
        if (raw === undefined) return { value: undefined, errors: [] };
        const message = `The plugin "${pluginName}" takes no settings.`;
        return {
          value: raw,
          errors: [new EngageLoopError('SETTINGS_INVALID', { message, pointer: base, plugin: pluginName })],
        };
      }
      const value = deepMerge(plugin.settings.defaults, raw);
      // Keys the plugin takes whole: what the policy wrote, not merged into the default.
      if (isPlainObject(raw) && isPlainObject(value))
        for (const key of plugin.settings.replace ?? [])
          if (Object.hasOwn(raw, key)) safeSet(value, key, cloneJson(raw[key]));
      const validate = settings.get(pluginName);
      const errors = validate
        ? schemaErrors(validate(), plugin.settings.schema, value, 'SETTINGS_INVALID', base, pluginName)
        : [];
      return { value, errors };
    },
    get ajv() {
      ajv ??= createAjv();
      return ajv;
    },
  };
}

function hookTable(plugins: readonly Plugin[]): HookTable {
  const entries = (hook: HookName) =>
    Object.freeze(
      plugins.flatMap((plugin, index) => {
        const fn = plugin.hooks?.[hook];
        return fn ? [Object.freeze({ index, plugin, fn })] : [];
      }),
    );
  const table = Object.fromEntries(HOOK_NAMES.map((hook) => [hook, entries(hook)]));
  return Object.freeze(table) as unknown as HookTable;
}
