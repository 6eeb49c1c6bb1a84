import { validatePolicy } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { describe, expect, it } from 'vitest';

/** Incentives with its own ladder (no "core" tier), lifecycle with the given segments, one rule. */
const policy = (segments: unknown, ruleTier = 'gold') => ({
  version: 1,
  eventTypes: { 'order.paid': {} },
  settings: {
    incentives: {
      tiers: {
        levels: [
          { id: 'bronze', minScore: 0 },
          { id: 'silver', minScore: 100 },
          { id: 'gold', minScore: 500 },
        ],
      },
    },
    ...(segments === undefined ? {} : { lifecycle: { segments } }),
  },
  rules: [
    {
      id: 'gold-thanks',
      stage: 'value',
      on: 'order.paid',
      conditions: { all: [{ fact: 'lifecycle.tier', operator: 'equal', value: ruleTier }] },
      effects: [{ type: 'core.setAttribute', params: { key: 'thanked', value: true } }],
    },
  ],
});

const problems = (doc: unknown, plugins = [incentives(), lifecycle()]) => {
  const result = validatePolicy(JSON.stringify(doc, null, 2), { plugins, file: 'policy.json' });
  return result.ok ? [] : result.errors.map((e) => [e.code, e.pointer, e.data?.suggestion, e.line]);
};

describe('lifecycle.tier names a tier of the incentives plugin', () => {
  it('a tier typo in a rule or in a segment the policy wrote is reported at its line, with did-you-mean', () => {
    const doc = policy(
      { vip: { any: [{ fact: 'lifecycle.tier', operator: 'in', value: ['silver', 'gld'] }] } },
      'sliver',
    );
    expect(problems(doc)).toEqual([
      ['RULE_REFERENCE_UNKNOWN', '/rules/0/conditions/all/0/value', 'silver', expect.any(Number)],
      [
        'SETTINGS_REFERENCE_UNKNOWN',
        '/settings/lifecycle/segments/vip/any/0/value/1',
        'gold',
        expect.any(Number),
      ],
    ]);
  });

  it("lifecycle's default segments (which name the default ladder's \"core\") are not the policy's to fix", () => {
    expect(problems(policy(undefined))).toEqual([]);
  });

  it('with another tier plugin, or none installed, the names are not checked against incentives', () => {
    const doc = policy({ vip: { all: [{ fact: 'lifecycle.tier', operator: 'equal', value: 'platinum' }] } });
    expect(problems(doc, [incentives(), lifecycle({ tierPlugin: 'loyalty' })])).toEqual([]);
    const { incentives: _, ...settings } = doc.settings;
    expect(problems({ ...doc, settings }, [lifecycle()])).toEqual([]);
  });

  it('a segment the policy redefines replaces the default of that name (not merged with it)', () => {
    const doc = policy({
      'high-value': { all: [{ fact: 'lifecycle.spend', operator: 'greaterThan', value: 500 }] },
    });
    const result = validatePolicy(JSON.stringify(doc), { plugins: [incentives(), lifecycle()] });
    expect(result.ok && result.policy.settings.lifecycle).toMatchObject({
      segments: { 'high-value': { all: [{ fact: 'lifecycle.spend', operator: 'greaterThan', value: 500 }] } },
    });
    expect(
      result.ok && Object.keys((result.policy.settings.lifecycle as { segments: object }).segments),
    ).toEqual(['high-value']);
  });
});
