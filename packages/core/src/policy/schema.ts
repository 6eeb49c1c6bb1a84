import { EVENT_TYPE, PLUGIN_NAME } from '../plugin/define-plugin';
import { createRegistry, type Registry } from '../plugin/registry';
import type { JsonSchema, Plugin } from '../plugin/types';
import { OPERATOR_DECORATORS } from './operators';
import { conditionDefs, ifThen, RESERVED_KEYS } from './schema-conditions';
import { type LocalizedText, STAGES } from './types';

/** `$id` of the composed, editor-facing policy schema (format version 1). */
export const POLICY_SCHEMA_ID = 'https://engageloop.dev/schema/policy-v1.json';

/** `structural`: what the loader validates (semantics are checked in code); `editor`: everything. */
export type SchemaMode = 'editor' | 'structural';

const ref = (def: string) => ({ $ref: `#/$defs/${def}` });
const suggest = (names: readonly string[]): JsonSchema =>
  names.length > 0
    ? { anyOf: [{ enum: [...names] }, { type: 'string', minLength: 1 }] }
    : { type: 'string', minLength: 1 };

/** `description` (English) and `markdownDescription` (every locale) from localized text. */
export function describeText(text: LocalizedText | undefined): JsonSchema {
  if (text === undefined) return {};
  if (typeof text === 'string') return { description: text };
  const en = text.en ?? Object.values(text)[0] ?? '';
  const others = Object.entries(text).filter(([locale]) => locale !== 'en');
  return others.length === 0
    ? { description: en }
    : { description: en, markdownDescription: [en, ...others.map(([, t]) => t)].join('\n\n') };
}

/** Embeds a plugin schema; gives it its own `$id` when it has local `$ref`s so they still resolve. */
function embed(schema: JsonSchema, id: string): JsonSchema {
  if (Object.hasOwn(schema, '$id') || !JSON.stringify(schema).includes('"$ref"')) return schema;
  return { $id: id, ...schema };
}

function effectSchema(registry: Registry, mode: SchemaMode): JsonSchema {
  const base: JsonSchema = {
    type: 'object',
    required: ['type'],
    additionalProperties: false,
    properties: {
      type: { type: 'string', minLength: 1, description: 'The effect type: "<plugin>.<effect>".' },
      params: { type: 'object', description: 'Parameters of the effect, checked by its plugin.' },
    },
  };
  if (mode === 'structural') return base;
  const allOf = registry.effectTypes.map((type) => {
    const entry = registry.effect(type);
    const params = entry
      ? embed(entry.definition.params, `https://engageloop.dev/schema/effects/${type}.json`)
      : {};
    const required = Array.isArray(params.required) && params.required.length > 0;
    return ifThen(
      { type: 'object', required: ['type'], properties: { type: { const: type } } },
      {
        ...(required ? { required: ['params'] } : {}),
        properties: { params: { ...params, ...describeText(entry?.definition.description) } },
      },
    );
  });
  return {
    ...base,
    properties: {
      ...(base.properties as JsonSchema),
      type: { enum: [...registry.effectTypes], description: 'The effect type: "<plugin>.<effect>".' },
    },
    allOf,
  };
}

function settingsSchema(registry: Registry, mode: SchemaMode): JsonSchema {
  const base: JsonSchema = {
    type: 'object',
    description: 'Settings per plugin, keyed by plugin name.',
    propertyNames: { pattern: PLUGIN_NAME.source },
  };
  if (mode === 'structural') return base;
  const properties: JsonSchema = {};
  for (const plugin of registry.plugins) {
    if (!plugin.settings) continue;
    properties[plugin.name] = {
      ...embed(plugin.settings.schema, `https://engageloop.dev/schema/settings/${plugin.name}.json`),
      ...describeText(plugin.description),
    };
  }
  return { ...base, properties, additionalProperties: false };
}

/**
 * Builds the rule-file JSON Schema (draft 2020-12) for a set of plugins. `editor` mode (the default,
 * what `policySchema` returns) adds effect-type enums, per-effect params, per-plugin settings and
 * fact/operator/event-type suggestions; `structural` mode is what the loader validates before it
 * checks names and params in code (so it can say "did you mean …").
 */
export function buildPolicySchema(registry: Registry, mode: SchemaMode): JsonSchema {
  const editor = mode === 'editor';
  const safeName = { type: 'string', minLength: 1, maxLength: 200, not: { enum: [...RESERVED_KEYS] } };
  const operators = [...registry.operatorNames];
  const decorated = `^((${OPERATOR_DECORATORS.join('|')}):)+[A-Za-z][A-Za-z0-9_]*$`;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: editor ? POLICY_SCHEMA_ID : 'https://engageloop.dev/schema/policy-v1.structural.json',
    title: 'engageloop policy (rule file), version 1',
    description:
      'Rules for the engagement loop need → motivation → action → value. 参与闭环：需求 → 动机 → 行为 → 价值反馈。',
    type: 'object',
    required: ['version'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The schema this file follows (for editors).' },
      version: editor ? { const: 1, description: 'Rule-file format version.' } : { type: 'integer' },
      name: { type: 'string', minLength: 1, maxLength: 200 },
      description: ref('localizedText'),
      defaults: {
        type: 'object',
        additionalProperties: false,
        description: 'Defaults for users whose profile does not say.',
        properties: {
          timezone: {
            type: 'string',
            minLength: 1,
            description: 'IANA time zone, e.g. "Asia/Shanghai"; default "UTC".',
          },
          locale: {
            type: 'string',
            minLength: 2,
            maxLength: 35,
            description: 'Locale, e.g. "zh-CN"; default "en".',
          },
          channels: {
            type: 'object',
            description:
              'How each channel shows messages: "html" (user text is HTML-escaped) or "text" (shown as typed). Merged over the built-in table (email, web, app: html; sms, push, wechat: text); unknown channels are html.',
            propertyNames: { minLength: 1, maxLength: 64 },
            additionalProperties: { enum: ['html', 'text'] },
          },
        },
      },
      settings: settingsSchema(registry, mode),
      conditions: {
        type: 'object',
        description: 'Named conditions that rules refer to with { "condition": "name" }.',
        propertyNames: ref('safeName'),
        additionalProperties: ref('topLevelCondition'),
      },
      experiments: {
        type: 'object',
        description: 'A/B experiments: arm name → weight.',
        propertyNames: ref('safeName'),
        additionalProperties: ref('experiment'),
      },
      eventTypes: {
        type: 'object',
        description: 'Custom event types this policy listens to, beyond those declared by plugins.',
        propertyNames: { pattern: EVENT_TYPE.source, maxLength: 200 },
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            description: ref('localizedText'),
            undoes: {
              type: 'object',
              description:
                'This event undoes or removes an earlier event of the same user (a deleted review, an undo): where its payload names that event, and which rules may still award on it (none by default).',
              required: ['eventIdPath'],
              additionalProperties: false,
              properties: {
                eventIdPath: {
                  type: 'string',
                  pattern: '^\\$\\.payload(\\.[A-Za-z0-9_-]+)+$',
                  description: 'Where the undone event\'s id is, e.g. "$.payload.reviewEventId".',
                },
                allowAwards: {
                  type: 'array',
                  items: { type: 'string', minLength: 1 },
                  uniqueItems: true,
                  description: 'Rules that may award on this event (a removal pays nothing unless listed).',
                },
              },
            },
          },
        },
      },
      rules: { type: 'array', items: ref('rule'), description: 'The rules, evaluated stage by stage.' },
    },
    $defs: {
      safeName,
      localizedText: {
        anyOf: [
          { type: 'string' },
          { type: 'object', propertyNames: { minLength: 2 }, additionalProperties: { type: 'string' } },
        ],
        description: 'Text, or text per locale: { "en": "…", "zh-CN": "…" }.',
      },
      experiment: {
        type: 'object',
        required: ['arms'],
        additionalProperties: false,
        properties: {
          description: ref('localizedText'),
          arms: {
            type: 'object',
            minProperties: 1,
            propertyNames: ref('safeName'),
            additionalProperties: { type: 'number', minimum: 0 },
            description: 'Arm name → weight.',
          },
        },
      },
      rule: {
        type: 'object',
        required: ['id', 'stage', 'effects'],
        additionalProperties: false,
        properties: {
          id: { ...safeName, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$', description: 'Unique rule id.' },
          stage: {
            enum: [...STAGES],
            description:
              'Loop stage: need (需求触发), motivation (动机驱动), action (行为实现), value (价值反馈).',
          },
          on: {
            anyOf: [ref('eventType'), { type: 'array', minItems: 1, items: ref('eventType') }],
            description: 'Event type(s) this rule listens to; omit for every event.',
          },
          conditions: ref('topLevelCondition'),
          effects: { type: 'array', items: ref('effect'), description: 'What happens when the rule fires.' },
          priority: {
            type: 'number',
            exclusiveMinimum: 0,
            description: 'Higher runs first within a stage; default 1.',
          },
          enabled: { type: 'boolean', description: 'Set false to switch the rule off; default true.' },
          description: ref('localizedText'),
          variant: {
            type: 'object',
            required: ['experiment', 'arm'],
            additionalProperties: false,
            properties: {
              experiment: { type: 'string', minLength: 1 },
              arm: { type: 'string', minLength: 1 },
            },
            description: 'A/B: the rule applies only to users in this arm of the experiment.',
          },
        },
      },
      eventType: editor ? suggest(registry.eventTypeNames) : { type: 'string', minLength: 1 },
      effect: effectSchema(registry, mode),
      ...conditionDefs({
        factName: editor ? suggest(registry.factNames) : { type: 'string', minLength: 1 },
        operator: editor
          ? {
              anyOf: [
                { enum: operators },
                { type: 'string', pattern: decorated },
                { type: 'string', minLength: 1 },
              ],
            }
          : { type: 'string', minLength: 1 },
      }),
    },
  };
}

/**
 * The JSON Schema (draft 2020-12) of rule files for the given plugins (or registry): the core
 * format plus every installed plugin's effect params and settings, with fact, operator and event
 * type suggestions. Put its `$id` in a file's `$schema` (or write it next to the rules) for editor
 * autocompletion.
 *
 * @example
 * fs.writeFileSync('policy.schema.json', JSON.stringify(policySchema([incentives()]), null, 2));
 */
export function policySchema(registryOrPlugins: Registry | readonly Plugin[] = []): JsonSchema {
  const registry = Array.isArray(registryOrPlugins)
    ? createRegistry(registryOrPlugins)
    : (registryOrPlugins as Registry);
  return buildPolicySchema(registry, 'editor');
}
