import { describe, expect, it } from 'vitest';
import { pickText } from './pick-text';

describe('pickText', () => {
  it('picks the text for the locale, its language, the fallback, or the first', () => {
    const text = { 'zh-CN': '你好', en: 'Hello' };
    expect(pickText(text, 'zh-CN', 'en')).toBe('你好');
    expect(pickText(text, 'fr', 'en')).toBe('Hello');
    expect(pickText({ zh: '你好' }, 'zh-TW', 'en')).toBe('你好');
    expect(pickText({ de: 'Hallo' }, 'fr', 'en')).toBe('Hallo');
    expect(pickText('plain', 'fr', 'en')).toBe('plain');
  });
});
