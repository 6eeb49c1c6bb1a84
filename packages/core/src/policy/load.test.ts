import { describe, expect, it } from 'vitest';
import { EngageLoopError } from '../errors/error';
import { incentives } from './__fixtures__/plugins';
import { loadPolicy, validatePolicy } from './load';
import { isPolicyParams } from './policy-params';

const plugins = [incentives];
const FILE = 'rules/vip.json';

/** Builds a policy text; each rule on its own lines so positions are predictable. */
function errorsOf(input: unknown, file: string | undefined = FILE): EngageLoopError[] {
  const result = validatePolicy(input, { plugins, file });
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

function only(errors: EngageLoopError[], code: string): EngageLoopError {
  const found = errors.filter((e) => e.code === code);
  expect(
    found.map((e) => e.format()),
    errors.map((e) => e.format()).join('\n'),
  ).toHaveLength(1);
  return found[0] as EngageLoopError;
}

const rule = (extra: Record<string, unknown> = {}) => ({
  id: 'r1',
  stage: 'action',
  effects: [{ type: 'incentives.award', params: { points: 5 } }],
  ...extra,
});

describe('loadPolicy: success', () => {
  it('normalises rules, merges plugin default rules and applies settings defaults', () => {
    const policy = loadPolicy({ version: 1, rules: [rule({ on: 'review.submitted' })] }, { plugins });
    expect(policy.rules.map((r) => r.id)).toEqual(['welcome', 'r1']);
    const r1 = policy.rules[1];
    expect(r1).toMatchObject({
      on: ['review.submitted'],
      conditions: { all: [] },
      priority: 1,
      enabled: true,
      order: 1,
    });
    expect(r1?.source).toEqual({ pointer: '/rules/0' });
    expect(policy.rules[0]?.source.file).toBe('plugin:incentives');
    // Every effect's params are frozen and marked as the policy's own (a store may keep them once).
    for (const { params } of policy.rules.flatMap((r) => r.effects)) {
      expect(Object.isFrozen(params) && isPolicyParams(params)).toBe(true);
    }
    expect(isPolicyParams({ points: 5 })).toBe(false);
    expect(policy.settings).toEqual({ incentives: { cap: 100, stages: [] } });
    expect(policy.defaults).toEqual({ timezone: 'UTC', locale: 'en' });
    expect(policy.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(policy) && Object.isFrozen(policy.rules[1]?.conditions)).toBe(true);
  });

  it('reads JSON text with source positions and the same hash as the object', () => {
    const doc = { version: 1, rules: [rule()] };
    const text = JSON.stringify(doc, null, 2);
    const fromText = loadPolicy(text, { plugins, file: FILE });
    expect(fromText.rules[1]?.source).toEqual({ file: FILE, pointer: '/rules/0', line: 4, column: 5 });
    expect(fromText.hash).toBe(loadPolicy(doc, { plugins }).hash);
    expect(fromText.files).toEqual([FILE]);
  });

  it('does not freeze or change the input', () => {
    const doc = { version: 1, rules: [rule()] };
    loadPolicy(doc, { plugins });
    expect(Object.isFrozen(doc.rules[0])).toBe(false);
    expect(doc.rules[0]).not.toHaveProperty('priority');
  });

  it('a policy rule with the id of a plugin default rule replaces it', () => {
    const policy = loadPolicy({ version: 1, rules: [rule({ id: 'welcome', stage: 'value' })] }, { plugins });
    expect(policy.rules.map((r) => [r.id, r.stage])).toEqual([['welcome', 'value']]);
  });
});

describe('loadPolicy: errors (all-or-nothing)', () => {
  it('throws POLICY_INVALID listing every error', () => {
    const bad = {
      version: 1,
      rules: [rule({ on: 'nope.nope' }), rule({ id: 'r2', effects: [{ type: 'x.y' }] })],
    };
    try {
      loadPolicy(bad, { plugins });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EngageLoopError);
      const e = error as EngageLoopError;
      expect(e.code).toBe('POLICY_INVALID');
      expect(e.errors.map((x) => x.code).sort()).toEqual(['RULE_EFFECT_UNKNOWN', 'RULE_EVENT_TYPE_UNKNOWN']);
    }
  });

  it('validatePolicy returns errors for any input and never throws', () => {
    for (const input of [null, 42, '[]', '', '{', [], { version: 1, rules: 'x' }]) {
      const result = validatePolicy(input, { plugins });
      expect(result.ok).toBe(false);
    }
  });

  it('POLICY_JSON_INVALID with the position of the syntax error', () => {
    const errors = errorsOf('{\n  "version": 1,\n  "rules": [,]\n}');
    expect(errors.every((e) => e.code === 'POLICY_JSON_INVALID')).toBe(true);
    expect([errors[0]?.file, errors[0]?.line, errors[0]?.column]).toEqual([FILE, 3, 13]);
  });

  it('POLICY_SCHEMA_INVALID for an unknown property, with did-you-mean and the key position', () => {
    const text =
      '{\n  "version": 1,\n  "rules": [\n    { "id": "a", "stage": "need", "efects": [], "effects": [] }\n  ]\n}';
    const e = only(errorsOf(text), 'POLICY_SCHEMA_INVALID');
    expect([e.line, e.column, e.pointer, e.ruleId]).toEqual([4, 35, '/rules/0/efects', 'a']);
    expect(e.data?.suggestion).toBe('effects');
    expect(e.message).toContain('did you mean "effects"?');
  });

  it('POLICY_SCHEMA_INVALID lists every structural problem', () => {
    const errors = errorsOf({
      version: 1,
      rules: [
        { id: 'a', stage: 'later' },
        { stage: 'need', effects: [], priority: -1 },
      ],
    });
    expect(errors.every((e) => e.code === 'POLICY_SCHEMA_INVALID')).toBe(true);
    expect(errors.map((e) => e.pointer).sort()).toEqual([
      '/rules/0',
      '/rules/0/stage',
      '/rules/1',
      '/rules/1/priority',
    ]);
  });

  it('POLICY_VERSION_UNSUPPORTED', () => {
    const e = only(errorsOf('{\n  "version": 2,\n  "rules": []\n}'), 'POLICY_VERSION_UNSUPPORTED');
    expect([e.line, e.column, e.pointer]).toEqual([2, 14, '/version']);
  });

  it('RULE_ID_DUPLICATE names both places', () => {
    const text = `{\n  "version": 1,\n  "rules": [\n    ${JSON.stringify(rule())},\n    ${JSON.stringify(rule())}\n  ]\n}`;
    const e = only(errorsOf(text), 'RULE_ID_DUPLICATE');
    expect([e.line, e.column, e.pointer, e.ruleId]).toEqual([5, 11, '/rules/1/id', 'r1']);
    expect(e.message).toContain(`${FILE}:4:11`);
  });

  it('RULE_EFFECT_UNKNOWN with a suggestion (file:line:col)', () => {
    const text = `{\n  "version": 1,\n  "rules": [\n    {\n      "id": "vip",\n      "stage": "action",\n      "effects": [\n        { "type": "incentives.awrad", "params": {} }\n      ]\n    }\n  ]\n}`;
    const e = only(errorsOf(text), 'RULE_EFFECT_UNKNOWN');
    expect(e.format()).toBe(
      `${FILE}:8:19 RULE_EFFECT_UNKNOWN rule "vip", effect 1: unknown effect type "incentives.awrad" — did you mean "incentives.award"?`,
    );
    expect(e.format('zh-CN')).toBe(
      `${FILE}:8:19 RULE_EFFECT_UNKNOWN 规则 "vip" 的第 1 个效果：未知的效果类型 "incentives.awrad"——你是不是想写 "incentives.award"？`,
    );
    expect([e.pointer, e.ruleId, e.data?.suggestion]).toEqual([
      '/rules/0/effects/0/type',
      'vip',
      'incentives.award',
    ]);
  });

  it('RULE_EFFECT_PARAMS_INVALID points into the params', () => {
    const errors = errorsOf({
      version: 1,
      rules: [rule({ effects: [{ type: 'incentives.award', params: { points: 0, reasn: 'x' } }] })],
    });
    const codes = errors.map((e) => [e.code, e.pointer]);
    expect(codes).toContainEqual(['RULE_EFFECT_PARAMS_INVALID', '/rules/0/effects/0/params/points']);
    expect(codes).toContainEqual(['RULE_EFFECT_PARAMS_INVALID', '/rules/0/effects/0/params/reasn']);
    expect(errors.find((e) => e.pointer?.endsWith('reasn'))?.data?.suggestion).toBe('reason');
  });

  it('RULE_FACT_UNKNOWN, also in fact-to-fact values', () => {
    const conditions = { all: [{ fact: 'incentives.balanse', operator: 'equal', value: { fact: 'nw' } }] };
    const errors = errorsOf({ version: 1, rules: [rule({ conditions })] }, undefined).filter(
      (e) => e.code === 'RULE_FACT_UNKNOWN',
    );
    expect(errors.map((e) => [e.pointer, e.data?.suggestion])).toEqual([
      ['/rules/0/conditions/all/0/fact', 'incentives.balance'],
      ['/rules/0/conditions/all/0/value/fact', 'now'],
    ]);
    expect(errors[0]?.line).toBeUndefined();
  });

  it('RULE_FACT_PARAMS_INVALID when params do not match the fact', () => {
    const conditions = {
      all: [{ fact: 'incentives.balance', params: { period: 'year' }, operator: 'equal', value: 1 }],
    };
    const e = only(errorsOf({ version: 1, rules: [rule({ conditions })] }), 'RULE_FACT_PARAMS_INVALID');
    expect(e.pointer).toBe('/rules/0/conditions/all/0/params/period');
  });

  it.each([
    ['greaterThen', 'operator', 'greaterThan'],
    ['evryFact:lessThan', 'decorator', 'everyFact'],
    ['not:withn', 'operator', 'within'],
  ])('RULE_OPERATOR_UNKNOWN for %s', (operator, _kind, suggestion) => {
    const conditions = { any: [{ fact: 'now', operator, value: 1 }] };
    const e = only(errorsOf({ version: 1, rules: [rule({ conditions })] }), 'RULE_OPERATOR_UNKNOWN');
    expect([e.pointer, e.data?.suggestion]).toEqual(['/rules/0/conditions/any/0/operator', suggestion]);
  });

  it('RULE_OPERATOR_UNKNOWN names the whole operator once, and the decorated one it sits in', () => {
    const message = (operator: string) =>
      only(
        errorsOf({
          version: 1,
          rules: [rule({ conditions: { all: [{ fact: 'now', operator, value: 1 }] } })],
        }),
        'RULE_OPERATOR_UNKNOWN',
      ).message;
    expect(message('greaterThen')).toMatch(/unknown operator "greaterThen" — did you mean "greaterThan"\?$/);
    expect(message('not:withn')).toMatch(/unknown operator "withn" in "not:withn"/);
  });

  it('accepts decorated built-in and custom operators', () => {
    const conditions = {
      all: [
        { fact: 'now', operator: 'everyValue:not:within', value: [1] },
        { fact: 'now', operator: 'swap:in', value: 1 },
      ],
    };
    expect(validatePolicy({ version: 1, rules: [rule({ conditions })] }, { plugins }).ok).toBe(true);
  });

  it('RULE_CONDITION_UNKNOWN and RULE_CONDITION_CYCLE', () => {
    const doc = {
      version: 1,
      conditions: {
        a: { all: [{ condition: 'b' }] },
        b: { not: { condition: 'a' } },
        c: { any: [{ condition: 'c' }] },
      },
      rules: [rule({ conditions: { condition: 'aa' } })],
    };
    const errors = errorsOf(doc);
    const unknown = only(errors, 'RULE_CONDITION_UNKNOWN');
    expect([unknown.pointer, unknown.data?.suggestion]).toEqual(['/rules/0/conditions/condition', 'a']);
    const cycles = errors.filter((e) => e.code === 'RULE_CONDITION_CYCLE');
    expect(cycles.map((e) => e.data?.cycle)).toEqual([
      ['a', 'b', 'a'],
      ['c', 'c'],
    ]);
  });

  it('RULE_EXPERIMENT_UNKNOWN for a missing experiment or arm', () => {
    const doc = {
      version: 1,
      experiments: { copy: { arms: { warm: 1, plain: 1 } } },
      rules: [
        rule({ variant: { experiment: 'cpy', arm: 'warm' } }),
        rule({ id: 'r2', variant: { experiment: 'copy', arm: 'wram' } }),
      ],
    };
    const errors = errorsOf(doc).filter((e) => e.code === 'RULE_EXPERIMENT_UNKNOWN');
    expect(errors.map((e) => [e.pointer, e.data?.suggestion])).toEqual([
      ['/rules/0/variant/experiment', 'copy'],
      ['/rules/1/variant/arm', 'warm'],
    ]);
  });

  it('RULE_EVENT_TYPE_UNKNOWN unless a plugin or the policy declares the type', () => {
    const errors = errorsOf({
      version: 1,
      eventTypes: { 'help.offered': {} },
      rules: [rule({ on: ['help.offered', 'review.submited'] })],
    });
    const e = only(errors, 'RULE_EVENT_TYPE_UNKNOWN');
    expect([e.pointer, e.data?.suggestion]).toEqual(['/rules/0/on/1', 'review.submitted']);
  });

  it('SETTINGS_PLUGIN_UNKNOWN and SETTINGS_INVALID', () => {
    const errors = errorsOf({ version: 1, settings: { incentive: {}, incentives: { cap: -1 } }, rules: [] });
    const unknown = only(errors, 'SETTINGS_PLUGIN_UNKNOWN');
    expect([unknown.pointer, unknown.data?.suggestion]).toEqual(['/settings/incentive', 'incentives']);
    expect(only(errors, 'SETTINGS_INVALID').pointer).toBe('/settings/incentives/cap');
  });

  it('checks conditions embedded in plugin settings like rule conditions', () => {
    const text = JSON.stringify(
      {
        version: 1,
        settings: {
          incentives: {
            stages: [{ name: 'new', when: { all: [{ fact: 'usr', operator: 'equal', value: 1 }] } }],
          },
        },
      },
      null,
      2,
    );
    const e = only(errorsOf(text), 'RULE_FACT_UNKNOWN');
    expect(e.pointer).toBe('/settings/incentives/stages/0/when/all/0/fact');
    expect(e.line).toBeGreaterThan(1);
    const shape = errorsOf({
      version: 1,
      settings: { incentives: { stages: [{ name: 'x', when: { fact: 'user' } }] } },
    });
    expect(shape.map((x) => x.code)).toContain('SETTINGS_INVALID');
  });

  it('rejects an unknown default time zone', () => {
    const e = only(
      errorsOf({ version: 1, defaults: { timezone: 'Mars/Olympus' }, rules: [] }),
      'POLICY_SCHEMA_INVALID',
    );
    expect(e.pointer).toBe('/defaults/timezone');
  });

  it('treats __proto__ / constructor keys as data and rejects them', () => {
    const text =
      '{"version":1,"conditions":{"__proto__":{"all":[]}},"settings":{"constructor":{}},"rules":[{"id":"constructor","stage":"need","effects":[]}]}';
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(({} as Record<string, unknown>).all).toBeUndefined();
  });
});
