import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin';
import { validatePolicy } from './load';
import { placeInWords, sayInWords } from './place-words';

/** A plugin with one effect whose params exercise type, minimum and enum checks. */
const words = definePlugin({
  name: 'words',
  version: '1.0.0',
  effects: {
    'words.pay': {
      params: {
        type: 'object',
        required: ['amount'],
        additionalProperties: false,
        properties: {
          amount: { type: 'integer', minimum: 0 },
          wallet: { enum: ['points', 'coupons'] },
          note: { type: 'string' },
        },
      },
      apply: (s) => s,
    },
  },
});

const doc = {
  rules: [
    { id: 'review-points', effects: [{ type: 'incentives.award', params: { amount: 'ten' } }] },
    { effects: [] },
  ],
};

describe('placeInWords', () => {
  it('names rules by id (else by number from 1), effects by number and type, then the field', () => {
    expect(placeInWords(doc, '/rules/0/effects/0/params/amount')).toEqual({
      place: {
        en: 'rule "review-points", effect 1 (incentives.award)',
        'zh-CN': '规则 "review-points" 的第 1 个效果（incentives.award）',
      },
      field: 'amount',
    });
    expect(placeInWords(doc, '/rules/1/on')).toEqual({
      place: { en: 'rule 2', 'zh-CN': '第 2 条规则' },
      field: 'on',
    });
    expect(placeInWords(doc, '/rules/0/conditions/all/1/fact').field).toBe('all[1].fact');
  });

  it('names plugin settings, named conditions and the document itself', () => {
    expect(placeInWords({}, '/settings/incentives/tiers/levels/1/name')).toEqual({
      place: { en: 'settings of "incentives"', 'zh-CN': '插件 "incentives" 的设置' },
      field: 'tiers.levels[1].name',
    });
    expect(placeInWords({}, '/conditions/is-vip').place?.en).toBe('named condition "is-vip"');
    expect(sayInWords({}, { about: '', says: { en: 'must be an object', 'zh-CN': '必须是对象' } })).toEqual({
      en: 'The document must be an object',
      'zh-CN': '文档必须是对象',
    });
  });

  it('reads a hostile document safely (no prototype lookups)', () => {
    const hostile = JSON.parse('{"rules": {"__proto__": {"id": "x"}, "0": {"id": 7}}}');
    expect(placeInWords(hostile, '/rules/0/id').place?.en).toBe('rule 1');
  });
});

describe('schema problems in words, both languages', () => {
  it('states type, range and enum problems of effect params with the rule and effect first', () => {
    const result = validatePolicy(
      {
        version: 1,
        eventTypes: { 'thing.done': {} },
        rules: [
          {
            id: 'r',
            on: 'thing.done',
            stage: 'action',
            effects: [{ type: 'words.pay', params: { amount: -1, wallet: 'pointz', note: 3 } }],
          },
        ],
      },
      { plugins: [words] },
    );
    expect(result.ok).toBe(false);
    const texts = result.ok ? [] : result.errors.map((e) => [e.message, e.messageIn('zh-CN')]);
    expect(texts).toEqual(
      expect.arrayContaining([
        [
          'rule "r", effect 1 (words.pay): "amount" must be at least 0',
          '规则 "r" 的第 1 个效果（words.pay）："amount" 必须不小于 0',
        ],
        [
          'rule "r", effect 1 (words.pay): "wallet" must be one of the allowed values: "points", "coupons" — did you mean "points"?',
          '规则 "r" 的第 1 个效果（words.pay）："wallet" 必须是以下取值之一："points"、"coupons"——你是不是想写 "points"？',
        ],
        [
          'rule "r", effect 1 (words.pay): "note" must be a string',
          '规则 "r" 的第 1 个效果（words.pay）："note" 必须是字符串',
        ],
      ]),
    );
    expect(result.ok ? [] : result.errors.map((e) => e.pointer)).toContain(
      '/rules/0/effects/0/params/amount',
    );
  });
});
