import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin';
import { createRegistry } from '../plugin/registry';
import { buildPolicySchema, POLICY_SCHEMA_ID, policySchema } from './schema';
import { SHIPPED_SCHEMA_PATH } from './write-schema';

const awards = definePlugin({
  name: 'awards',
  version: '1.0.0',
  description: { en: 'Awards.', 'zh-CN': '奖励。' },
  settings: {
    schema: {
      type: 'object',
      properties: { cap: { type: 'integer', minimum: 0 } },
      additionalProperties: false,
    },
    defaults: { cap: 100 },
  },
  facts: { 'awards.balance': { value: () => 0 } },
  effects: {
    'awards.grant': {
      params: {
        type: 'object',
        required: ['points'],
        properties: { points: { type: 'integer' } },
        additionalProperties: false,
      },
      apply: (s) => s,
    },
  },
});

function compileStrictish(schema: object) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  ajv.addKeyword('markdownDescription');
  return ajv.compile(schema);
}

const doc = (conditions: unknown) => ({
  version: 1,
  rules: [
    { id: 'r', stage: 'action', effects: [{ type: 'awards.grant', params: { points: 1 } }], conditions },
  ],
});

const ACCEPTED: Array<[string, unknown]> = [
  ['empty all', { all: [] }],
  ['empty any', { any: [] }],
  ['fact condition', { all: [{ fact: 'event', operator: 'equal', value: 'x', path: '$.type' }] }],
  [
    'fact params',
    { all: [{ fact: 'awards.balance', params: { period: 'day' }, operator: 'greaterThan', value: 3 }] },
  ],
  [
    'fact-to-fact',
    { all: [{ fact: 'now', operator: 'greaterThan', value: { fact: 'user', path: '$.lastSeenAt' } }] },
  ],
  [
    'fact-to-fact params',
    { all: [{ fact: 'now', operator: 'lessThan', value: { fact: 'awards.balance', params: { a: 1 } } }] },
  ],
  ['decorated operator', { all: [{ fact: 'user', operator: 'everyFact:lessThan', value: 3 }] }],
  ['double decorator', { all: [{ fact: 'user', operator: 'not:someValue:equal', value: [1] }] }],
  ['custom fact', { any: [{ fact: 'my.custom', operator: 'in', value: [1, 2] }] }],
  ['not', { not: { fact: 'user', operator: 'equal', value: null } }],
  ['top-level reference', { condition: 'vip' }],
  ['nested reference', { all: [{ condition: 'vip' }, { any: [{ condition: 'active' }] }] }],
  ['nested not', { any: [{ not: { all: [{ fact: 'now', operator: 'lessThan', value: 1 }] } }] }],
  [
    'names and priorities',
    { all: [{ fact: 'now', operator: 'equal', value: 1, name: 'n', priority: 2 }], name: 'x', priority: 3 },
  ],
  ['object value', { all: [{ fact: 'user', operator: 'equal', value: { a: 1 } }] }],
];

const REJECTED: Array<[string, unknown]> = [
  ['top-level fact condition', { fact: 'user', operator: 'equal', value: 1 }],
  ['all not an array', { all: { fact: 'user', operator: 'equal', value: 1 } }],
  ['not an array', { not: [] }],
  ['missing value', { all: [{ fact: 'user', operator: 'equal' }] }],
  ['missing operator', { all: [{ fact: 'user', value: 1 }] }],
  ['unknown key', { all: [{ fact: 'user', operator: 'equal', value: 1, vaule: 2 }] }],
  ['bad priority', { all: [], priority: 0 }],
  ['fact-to-fact extra key', { all: [{ fact: 'now', operator: 'equal', value: { fact: 'user', x: 1 } }] }],
  ['condition name not a string', { condition: 3 }],
  ['empty object', {}],
];

describe('policySchema', () => {
  const schema = policySchema([awards]);
  const validate = compileStrictish(schema);

  it('has the policy $id and compiles in strict mode', () => {
    expect(schema.$id).toBe(POLICY_SCHEMA_ID);
    expect(validate(doc({ all: [] }))).toBe(true);
  });

  it.each(ACCEPTED)('accepts %s (and json-rules-engine accepts it too)', (_name, conditions) => {
    expect(validate(doc(conditions)), JSON.stringify(validate.errors)).toBe(true);
    const engine = new Engine([], { allowUndefinedFacts: true });
    engine.addRule({ conditions: conditions as never, event: { type: 'x' } });
  });

  it.each(REJECTED)('rejects %s', (_name, conditions) => {
    expect(validate(doc(conditions))).toBe(false);
  });

  it('offers effect types, facts, operators and settings for editors', () => {
    const text = JSON.stringify(schema);
    expect(text).toContain('"enum":["core.setAttribute","core.message","awards.grant"]');
    expect(text).toContain('awards.balance');
    expect(text).toContain('everyFact');
    expect(
      (schema.properties as Record<string, { properties?: object }>).settings?.properties,
    ).toHaveProperty('awards');
  });

  it('checks effect params per type', () => {
    const bad = {
      version: 1,
      rules: [{ id: 'r', stage: 'action', effects: [{ type: 'awards.grant', params: { points: 'x' } }] }],
    };
    expect(validate(bad)).toBe(false);
    const missing = {
      version: 1,
      rules: [{ id: 'r', stage: 'action', effects: [{ type: 'awards.grant' }] }],
    };
    expect(validate(missing)).toBe(false);
    const unknown = {
      version: 1,
      rules: [{ id: 'r', stage: 'action', effects: [{ type: 'awards.grnat', params: {} }] }],
    };
    expect(validate(unknown)).toBe(false);
  });

  it('rejects reserved keys as rule ids, condition names and settings keys', () => {
    expect(validate({ version: 1, rules: [{ id: 'constructor', stage: 'need', effects: [] }] })).toBe(false);
    expect(validate(JSON.parse('{"version":1,"conditions":{"__proto__":{"all":[]}}}'))).toBe(false);
    expect(validate(JSON.parse('{"version":1,"settings":{"__proto__":{}}}'))).toBe(false);
  });

  it('lets an event type declare that it undoes an earlier event, named at a payload path', () => {
    const withType = (declaration: unknown) => ({
      version: 1,
      eventTypes: { 'review.removed': declaration },
      rules: [],
    });
    expect(validate(withType({ undoes: { eventIdPath: '$.payload.reviewEventId' } }))).toBe(true);
    expect(
      validate(withType({ undoes: { eventIdPath: '$.payload.review.id', allowAwards: ['goodwill'] } })),
    ).toBe(true);
    expect(validate(withType({ undoes: { eventIdPath: '$.id' } }))).toBe(false);
    expect(validate(withType({ undoes: {} }))).toBe(false);
    expect(validate(withType({ undoes: { eventIdPath: '$.payload.x', allowAwards: ['a', 'a'] } }))).toBe(
      false,
    );
  });

  it('the structural schema also compiles and leaves names to the loader', () => {
    const structural = compileStrictish(buildPolicySchema(createRegistry([awards]), 'structural'));
    const unknown = {
      version: 1,
      rules: [{ id: 'r', stage: 'action', effects: [{ type: 'awards.grnat', params: {} }] }],
    };
    expect(structural(unknown)).toBe(true);
    for (const [, conditions] of REJECTED) expect(structural(doc(conditions))).toBe(false);
  });

  it('the shipped schema file equals policySchema([]) (run write-schema.ts when this fails)', () => {
    expect(JSON.parse(readFileSync(SHIPPED_SCHEMA_PATH, 'utf8'))).toEqual(policySchema([]));
  });
});
