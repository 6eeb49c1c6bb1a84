import { describe, expect, it } from 'vitest';
import { createLexiconClassifier, tokenize } from './classifier';

const c = createLexiconClassifier();

describe('createLexiconClassifier', () => {
  it.each([
    ['这课程太差了', 'zh-CN', 'negative'],
    ['非常失望，浪费时间😡', 'zh-CN', 'negative'],
    ['不好', 'zh-CN', 'negative'],
    ['好难用', 'zh-CN', 'negative'],
    ['讲得很清楚，谢谢老师👍', 'zh-CN', 'positive'],
    ['没问题', 'zh-CN', 'positive'],
    ['不错', 'zh-CN', 'positive'],
    ['今天下午三点上课', 'zh-CN', 'neutral'],
    ['This course is terrible', 'en', 'negative'],
    ['not good at all 👎', 'en', 'negative'],
    ['never disappointed, really great', 'en', 'positive'],
    ['very helpful, thanks!', 'en', 'positive'],
    ['The lesson starts at 3pm', 'en', 'neutral'],
  ] as const)('%s → %s', (text, locale, label) => {
    expect(c.classify(text, locale).label).toBe(label);
  });

  it('intensifiers make a word stronger and negation flips it', () => {
    expect(c.classify('太差', 'zh-CN').score).toBeLessThan(c.classify('差', 'zh-CN').score);
    expect(c.classify('very bad', 'en').score).toBeLessThan(c.classify('bad', 'en').score);
    expect(c.classify('not bad', 'en').score).toBeGreaterThan(0);
  });

  it('keeps scores in [-1, 1] for long rants and handles empty or odd input', () => {
    const rant = '太差了😡'.repeat(50);
    expect(c.classify(rant, 'zh-CN').score).toBeGreaterThanOrEqual(-1);
    expect(c.classify('', 'en')).toEqual({ score: 0, label: 'neutral' });
    expect(c.classify(undefined as unknown as string, 'en')).toEqual({ score: 0, label: 'neutral' });
  });

  it('segments Chinese greedily by the lexicon', () => {
    expect(tokenize('这课程太差了')).toEqual(['这', '课', '程', '太差', '了']);
  });
});
