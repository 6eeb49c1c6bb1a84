import { describe, expect, it } from 'vitest';
import type { EngageLoopError } from '../errors/error';
import { definePlugin } from '../plugin/define-plugin';
import { validatePolicy } from './load';

interface Settings {
  badges: Record<string, object>;
  caps: Array<{ id: string; rules: string[] }>;
}

/** A plugin declaring badges, with caps naming rules, an effect naming badges and a fact whose values are badges. */
const rewards = (declared?: () => never) =>
  definePlugin<unknown, Settings>({
    name: 'rewards',
    version: '1.0.0',
    settings: {
      schema: {
        type: 'object',
        properties: {
          badges: { type: 'object' },
          caps: { type: 'array', items: { type: 'object', required: ['id', 'rules'] } },
        },
      },
      defaults: { badges: {}, caps: [] },
    },
    effects: {
      'rewards.grant': {
        params: { type: 'object', properties: { badge: { type: 'string' }, also: { type: 'array' } } },
        apply: (s) => s,
      },
    },
    facts: {
      'rewards.badges': { value: () => [] },
      'rewards.has': {
        params: { type: 'object', properties: { badge: { type: 'string' } } },
        value: () => false,
      },
    },
    eventTypes: { 'review.submitted': {} },
    references: {
      declared:
        declared ??
        ((s) => ({
          badge: { names: Object.keys(s.badges), label: 'badge', declaredAt: 'settings.rewards.badges' },
        })),
      inSettings: (s) =>
        s.caps.flatMap((cap, i) =>
          cap.rules.map((name, k) => ({ pointer: `/caps/${i}/rules/${k}`, kind: 'rule', name })),
        ),
      params: { 'rewards.grant': { badge: 'badge', also: 'badge' } },
      facts: { 'rewards.badges': 'badge' },
      factParams: { 'rewards.has': { badge: 'badge' } },
    },
  });

const policy = (overrides: Record<string, unknown> = {}) => ({
  version: 1,
  settings: {
    rewards: {
      badges: { 'first-review': {}, 'co-creator': {} },
      caps: [{ id: 'media-daily', rules: ['review-media-bonus'] }],
    },
  },
  conditions: {
    'has-first': { all: [{ fact: 'rewards.badges', operator: 'contains', value: 'first-review' }] },
  },
  rules: [
    {
      id: 'review-media-bonus',
      stage: 'motivation',
      on: 'review.submitted',
      conditions: { all: [{ fact: 'rewards.badges', operator: 'doesNotContain', value: 'co-creator' }] },
      effects: [{ type: 'rewards.grant', params: { badge: 'first-review', also: ['co-creator'] } }],
    },
  ],
  ...overrides,
});

function errorsOf(doc: unknown, plugin = rewards()): EngageLoopError[] {
  const result = validatePolicy(JSON.stringify(doc, null, 2), { plugins: [plugin], file: 'policy.json' });
  return result.ok ? [] : result.errors;
}

describe('cross-references declared by plugins', () => {
  it('accepts a policy whose names are all declared', () => {
    expect(errorsOf(policy()).map((e) => e.format())).toEqual([]);
  });

  it('a cap naming a rule that does not exist: SETTINGS_REFERENCE_UNKNOWN at its line, with did-you-mean', () => {
    const doc = policy();
    doc.settings.rewards.caps = [{ id: 'media-daily', rules: ['review-media-bonuz'] }];
    const [error, ...rest] = errorsOf(doc);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({
      code: 'SETTINGS_REFERENCE_UNKNOWN',
      file: 'policy.json',
      pointer: '/settings/rewards/caps/0/rules/0',
      plugin: 'rewards',
      data: { kind: 'rule', name: 'review-media-bonuz', suggestion: 'review-media-bonus' },
    });
    expect(error?.line).toBeGreaterThan(1);
    expect(error?.column).toBeGreaterThan(1);
  });

  it('effect params, lists in params, literal fact values and fact params (rules and named conditions) are checked', () => {
    const doc = policy({
      conditions: {
        'has-first': { any: [{ fact: 'rewards.badges', operator: 'in', value: ['x', 'first-reveiw'] }] },
      },
    });
    const rule = doc.rules[0] as (typeof doc.rules)[0];
    rule.effects = [
      { type: 'rewards.grant', params: { badge: 'frist-review', also: ['co-creator', 'star'] } },
    ];
    rule.conditions = {
      all: [
        { fact: 'rewards.badges', operator: 'equal', value: 'co-creater' },
        { fact: 'rewards.badges', operator: 'equal', value: 'anything', path: '$.length' } as never,
        { fact: 'rewards.has', params: { badge: 'co-creatr' }, operator: 'equal', value: true } as never,
      ],
    };
    const found = errorsOf(doc).map((e) => [e.code, e.pointer, e.data?.suggestion]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['RULE_REFERENCE_UNKNOWN', '/rules/0/effects/0/params/badge', 'first-review'],
        ['RULE_REFERENCE_UNKNOWN', '/rules/0/effects/0/params/also/1', undefined],
        ['RULE_REFERENCE_UNKNOWN', '/rules/0/conditions/all/0/value', 'co-creator'],
        ['RULE_REFERENCE_UNKNOWN', '/rules/0/conditions/all/2/params/badge', 'co-creator'],
        ['RULE_REFERENCE_UNKNOWN', '/conditions/has-first/any/0/value/0', undefined],
        ['RULE_REFERENCE_UNKNOWN', '/conditions/has-first/any/0/value/1', 'first-review'],
      ]),
    );
    expect(found).toHaveLength(6);
  });

  it("conditions inside a plugin's settings (Plugin.conditions) are checked too, for every plugin's facts", () => {
    const stages = definePlugin<unknown, { when: unknown }>({
      name: 'stages',
      version: '1.0.0',
      settings: { schema: { type: 'object' }, defaults: { when: { all: [] } } },
      conditions: (s) => [{ pointer: '/when', condition: s.when as never }],
    });
    const doc = policy();
    (doc.settings as Record<string, unknown>).stages = {
      when: { all: [{ fact: 'rewards.badges', operator: 'contains', value: 'co-creater' }] },
    };
    const result = validatePolicy(JSON.stringify(doc, null, 2), { plugins: [rewards(), stages] });
    const found = result.ok ? [] : result.errors.map((e) => [e.code, e.pointer, e.data?.suggestion]);
    expect(found).toEqual([
      ['SETTINGS_REFERENCE_UNKNOWN', '/settings/stages/when/all/0/value', 'co-creator'],
    ]);
  });

  it("a fact naming another plugin's kind (`rewards:badge`) is checked against that plugin's names; defaults are not", () => {
    /** A plugin whose fact holds a badge of `rewards`, and whose default segments the policy may replace. */
    const tags = definePlugin<unknown, { segments: Record<string, unknown> }>({
      name: 'tags',
      version: '1.0.0',
      facts: { 'tags.badge': { value: () => null } },
      settings: {
        schema: { type: 'object' },
        defaults: {
          segments: { starred: { all: [{ fact: 'tags.badge', operator: 'equal', value: 'star' }] } },
        },
        replace: ['segments'],
      },
      conditions: (s) =>
        Object.entries(s.segments).map(([name, c]) => ({
          pointer: `/segments/${name}`,
          condition: c as never,
        })),
      references: { facts: { 'tags.badge': 'rewards:badge' } },
    });
    const check = (doc: unknown, plugins = [rewards(), tags]) => {
      const result = validatePolicy(JSON.stringify(doc, null, 2), { plugins });
      return result.ok ? [] : result.errors.map((e) => [e.code, e.pointer, e.data?.kind, e.data?.suggestion]);
    };
    // The default segment names "star", which rewards does not declare: not the policy's to fix.
    expect(check(policy())).toEqual([]);
    const doc = policy();
    (doc.settings as Record<string, unknown>).tags = {
      segments: { starred: { all: [{ fact: 'tags.badge', operator: 'in', value: ['co-creater'] }] } },
    };
    (doc.rules[0] as { conditions: unknown }).conditions = {
      all: [{ fact: 'tags.badge', operator: 'equal', value: 'frist-review' }],
    };
    expect(check(doc)).toEqual([
      ['RULE_REFERENCE_UNKNOWN', '/rules/0/conditions/all/0/value', 'badge', 'first-review'],
      ['SETTINGS_REFERENCE_UNKNOWN', '/settings/tags/segments/starred/all/0/value/0', 'badge', 'co-creator'],
    ]);
    // Without the plugin that declares the kind, nothing to check against.
    const alone = {
      version: 1,
      settings: { tags: (doc.settings as Record<string, unknown>).tags },
      rules: [],
    };
    expect(check(alone, [tags])).toEqual([]);
  });

  it('settings keys named in `replace` are taken whole from the policy, not merged into the default', () => {
    const tags = definePlugin<unknown, { segments: Record<string, unknown>; other: Record<string, unknown> }>(
      {
        name: 'tags',
        version: '1.0.0',
        settings: {
          schema: { type: 'object' },
          defaults: { segments: { a: { any: [1] } }, other: { a: { any: [1] } } },
          replace: ['segments'],
        },
      },
    );
    const doc = {
      version: 1,
      settings: { tags: { segments: { a: { all: [2] } }, other: { a: { all: [2] } } } },
      rules: [],
    };
    const result = validatePolicy(JSON.stringify(doc), { plugins: [tags] });
    expect(result.ok && result.policy.settings.tags).toEqual({
      segments: { a: { all: [2] } },
      other: { a: { any: [1], all: [2] } },
    });
    const bad = () =>
      definePlugin({
        name: 'odd',
        version: '1.0.0',
        settings: { schema: {}, defaults: {}, replace: 'x' as never },
      });
    expect(bad).toThrowError(expect.objectContaining({ code: 'PLUGIN_INVALID' }));
  });

  it('skips a plugin whose settings are invalid, and codes a plugin that fails to list its names', () => {
    const bad = policy();
    (bad.settings.rewards as Record<string, unknown>).caps = [{ id: 'no-rules' }];
    expect(errorsOf(bad).map((e) => e.code)).toEqual(['SETTINGS_INVALID']);
    const failing = rewards(() => {
      throw new Error('boom');
    });
    expect(errorsOf(policy(), failing).map((e) => [e.code, e.plugin])).toEqual([
      ['SETTINGS_INVALID', 'rewards'],
    ]);
  });

  it('definePlugin rejects references to effects and facts the plugin does not have', () => {
    const attempt = () =>
      definePlugin({
        name: 'odd',
        version: '1.0.0',
        references: { params: { 'other.effect': { x: 'y' } }, facts: { 'odd.fact': 3 as unknown as string } },
      });
    expect(attempt).toThrowError(expect.objectContaining({ code: 'PLUGIN_INVALID' }));
  });
});
