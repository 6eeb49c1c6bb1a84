import { describe, expect, it } from 'vitest';
import { escapeValue, lookup, pickText, renderTemplate } from './template';

describe('templates', () => {
  it('fills variables by dotted path', () => {
    expect(
      renderTemplate('Hi {{user.name}}, day {{ data.n }}', { user: { name: 'Ada' }, data: { n: 7 } }),
    ).toBe('Hi Ada, day 7');
  });

  it('renders unknown variables and objects as empty text', () => {
    expect(renderTemplate('[{{user.nope}}][{{user}}]', { user: { name: 'x' } })).toBe('[][]');
  });

  it('never expands template syntax coming from user data', () => {
    const out = renderTemplate('Hi {{user.name}}', {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: literal template syntax is the test input
      user: { name: '{{user.secret}} ${x} {%raw%}', secret: 'S' },
    });
    expect(out).not.toContain('S');
    expect(out).not.toMatch(/\{\{|\}\}|\$\{|\{%|%\}/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: literal template syntax is the expected text
    expect(out.replace(/\u200b/g, '')).toBe('Hi {{user.secret}} ${x} {%raw%}');
  });

  it('does not read prototype properties', () => {
    expect(lookup({}, 'constructor')).toBeUndefined();
    expect(lookup({ a: {} }, 'a.__proto__')).toBeUndefined();
    expect(renderTemplate('{{user.constructor.name}}', { user: {} })).toBe('');
  });

  it('strips control characters and caps length', () => {
    expect(escapeValue('a\u0000b\nc')).toBe('abc');
    expect(escapeValue('x'.repeat(500))).toHaveLength(200);
  });

  it('picks the text for the locale, its language, the fallback, or the first', () => {
    const text = { 'zh-CN': '你好', en: 'Hello' };
    expect(pickText(text, 'zh-CN', 'en')).toBe('你好');
    expect(pickText(text, 'fr', 'en')).toBe('Hello');
    expect(pickText({ zh: '你好' }, 'zh-TW', 'en')).toBe('你好');
    expect(pickText({ de: 'Hallo' }, 'fr', 'en')).toBe('Hallo');
    expect(pickText('plain', 'fr', 'en')).toBe('plain');
  });
});
