import type { JsonSchema } from '../plugin/types';

/** Names and properties that are never accepted as keys coming from a policy. */
export const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export interface ConditionVocabulary {
  /** Schema of a fact name (a plain string, or suggestions for editors). */
  factName: JsonSchema;
  /** Schema of an operator string. */
  operator: JsonSchema;
}

/** `{ if, then, else? }` — JSON Schema's conditional (built here so the `then` key is written once). */
export function ifThen(condition: JsonSchema, consequence: JsonSchema, otherwise?: JsonSchema): JsonSchema {
  const schema: JsonSchema = { if: condition };
  // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword, not a promise.
  schema.then = consequence;
  if (otherwise !== undefined) schema.else = otherwise;
  return schema;
}

const priority = {
  type: 'number',
  exclusiveMinimum: 0,
  description: 'Higher is evaluated first (json-rules-engine); default 1.',
};
const name = { type: 'string', description: 'A label for this condition, shown in traces.' };
const ref = (def: string) => ({ $ref: `#/$defs/${def}` });

/** `if has <key> then <def> else …`: errors come only from the form the author meant. */
function dispatch(branches: Array<[string, string]>, otherwise: JsonSchema): JsonSchema {
  let schema = otherwise;
  for (let i = branches.length - 1; i >= 0; i--) {
    const [key, def] = branches[i] as [string, string];
    schema = ifThen({ type: 'object', required: [key] }, ref(def), schema);
  }
  return schema;
}

const BOOLEAN_FORMS: Array<[string, string]> = [
  ['all', 'allCondition'],
  ['any', 'anyCondition'],
  ['not', 'notCondition'],
  ['condition', 'conditionReference'],
];

/**
 * `$defs` for json-rules-engine's condition language: `all`/`any` (arrays), `not` (one condition),
 * `{ condition: name }` references, and fact conditions with `path`, `params`, decorated operators
 * and fact-to-fact values `{ fact, path?, params? }`. Recursive through `$ref`.
 */
export function conditionDefs(vocabulary: ConditionVocabulary): Record<string, JsonSchema> {
  return {
    topLevelCondition: {
      description:
        'A condition tree: { "all": [...] }, { "any": [...] }, { "not": {...} } or { "condition": "name" }.',
      type: 'object',
      ...dispatch(BOOLEAN_FORMS, {
        anyOf: BOOLEAN_FORMS.map(([key]) => ({ required: [key] })),
      }),
    },
    condition: {
      description: 'A nested condition: a boolean group, a named-condition reference or a fact condition.',
      type: 'object',
      ...dispatch(BOOLEAN_FORMS, ref('factCondition')),
    },
    allCondition: {
      type: 'object',
      required: ['all'],
      additionalProperties: false,
      properties: {
        all: { type: 'array', items: ref('condition'), description: 'Every condition must pass.' },
        name,
        priority,
      },
    },
    anyCondition: {
      type: 'object',
      required: ['any'],
      additionalProperties: false,
      properties: {
        any: { type: 'array', items: ref('condition'), description: 'At least one condition must pass.' },
        name,
        priority,
      },
    },
    notCondition: {
      type: 'object',
      required: ['not'],
      additionalProperties: false,
      properties: { not: { ...ref('condition'), description: 'The condition must fail.' }, name, priority },
    },
    conditionReference: {
      type: 'object',
      required: ['condition'],
      additionalProperties: false,
      properties: {
        condition: {
          type: 'string',
          minLength: 1,
          description: 'The name of a condition defined under "conditions".',
        },
        name,
        priority,
      },
    },
    factCondition: {
      type: 'object',
      required: ['fact', 'operator', 'value'],
      additionalProperties: false,
      properties: {
        fact: {
          ...vocabulary.factName,
          description: 'The fact to read (event, user, now, signals, or a plugin fact).',
        },
        operator: {
          ...vocabulary.operator,
          description: 'Comparison, optionally decorated: "greaterThan", "everyFact:lessThan"…',
        },
        value: ref('conditionValue'),
        path: { type: 'string', description: 'JSONPath into the fact value, e.g. "$.payload.rating".' },
        params: { type: 'object', description: 'Parameters passed to the fact.' },
        name,
        priority,
      },
    },
    conditionValue: {
      description: 'The value to compare with, or another fact: { "fact": "…", "path": "$.…" }.',
      ...ifThen(
        { type: 'object', required: ['fact'] },
        {
          type: 'object',
          additionalProperties: false,
          properties: { fact: vocabulary.factName, path: { type: 'string' }, params: { type: 'object' } },
        },
      ),
    },
  };
}
