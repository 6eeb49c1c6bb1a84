import { validatePolicy } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { community } from './plugin';

const policy = (settings: unknown, rules: unknown[] = []) => ({
  version: 1,
  name: 't',
  defaults: { timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  eventTypes: { 'post.shared': {} },
  settings: { community: settings },
  rules,
});
const codes = (doc: unknown) => {
  const r = validatePolicy(doc, { plugins: [community()] });
  return r.ok ? [] : r.errors.map((e) => e.code);
};

describe('community()', () => {
  it('takes no options', () => {
    expect(() => community({ x: 1 } as never)).toThrowError(
      expect.objectContaining({ code: 'PLUGIN_OPTIONS_INVALID' }),
    );
    expect(community().name).toBe('community');
  });

  it('checks settings: contests, groups, reviews, tracks, digests', () => {
    expect(codes(policy({}))).toEqual([]);
    expect(
      codes(
        policy({ contests: [{ id: 'c', ranks: 'item', counts: 'likes', period: 'fortnight', top: 10 }] }),
      ),
    ).toEqual(['SETTINGS_INVALID']);
    expect(codes(policy({ groups: { study: { min: 3 } } }))).toEqual(['SETTINGS_INVALID']);
    expect(codes(policy({ reviews: { r: { criteria: {}, passMark: 3 } } }))).toEqual(['SETTINGS_INVALID']);
    expect(
      codes(policy({ digests: [{ id: 'd', period: 'month', counts: ['likes'], message: { en: 'x' } }] })),
    ).toEqual(['SETTINGS_INVALID']);
  });

  it('reports a contest or track a rule names that the settings do not declare', () => {
    const settings = {
      contests: [{ id: 'monthly-likes', ranks: 'item', counts: 'likes', period: 'month', top: 10 }],
      tracks: { proposal: { stages: ['a', 'b'], transitions: { a: ['b'] } } },
    };
    const rule = (effect: unknown) => ({ id: 'r', stage: 'action', on: 'post.shared', effects: [effect] });
    expect(
      codes(policy(settings, [rule({ type: 'community.score', params: { contest: 'monthly-like' } })])),
    ).toContain('RULE_REFERENCE_UNKNOWN');
    expect(
      codes(
        policy(settings, [
          rule({ type: 'community.createItem', params: { kind: 'post', track: 'proposals' } }),
        ]),
      ),
    ).toContain('RULE_REFERENCE_UNKNOWN');
    expect(
      codes(
        policy(settings, [
          rule({ type: 'community.createItem', params: { kind: 'post', track: 'proposal' } }),
        ]),
      ),
    ).toEqual([]);
    const typo = { ...settings, tracks: { proposal: { stages: ['a', 'b'], transitions: { a: ['bb'] } } } };
    expect(codes(policy(typo))).toContain('SETTINGS_REFERENCE_UNKNOWN');
  });

  it('refuses bad effect params at load', () => {
    const rule = {
      id: 'r',
      stage: 'action',
      on: 'post.shared',
      effects: [{ type: 'community.move', params: {} }],
    };
    expect(codes(policy({}, [rule]))).toContain('RULE_EFFECT_PARAMS_INVALID');
  });
});
