import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from './defaults';
import { escapeValue, placeholdersOf, renderTemplate } from './render';
import { resolveReply } from './resolve';

describe('renderTemplate', () => {
  it('substitutes nested variables and author defaults', () => {
    const t = 'Hi {{ user.name | there }}, about {{need.title}}';
    expect(renderTemplate(t, { user: { name: 'Li' }, need: { title: 'Dark mode' } }, 'text')).toEqual({
      text: 'Hi Li, about Dark mode',
      missing: [],
    });
    expect(renderTemplate(t, { need: { title: 'X' } }, 'text').text).toBe('Hi there, about X');
    expect(renderTemplate(t, {}, 'text').missing).toEqual(['need.title']);
  });

  it('never re-reads substituted text, and neutralises braces and markup', () => {
    const vars = { user: { name: '{{need.title}}' }, need: { title: '<script>x</script>' } };
    expect(renderTemplate('{{user.name}}/{{need.title}}', vars, 'text').text).toBe(
      '｛｛need.title｝｝/<script>x</script>',
    );
    expect(renderTemplate('{{user.name}}/{{need.title}}', vars, 'html').text).toBe(
      '&#123;&#123;need.title&#125;&#125;/&lt;script&gt;x&lt;/script&gt;',
    );
    expect(escapeValue('a\u0000b\nc', 'text')).toBe('ab\nc');
  });

  it('treats __proto__ and constructor as missing data', () => {
    expect(renderTemplate('{{constructor.name}}', {}, 'text').missing).toEqual(['constructor.name']);
    expect(renderTemplate('{{toString}}', { user: 'x' }, 'text').missing).toEqual(['toString']);
    expect(renderTemplate('{{user.constructor}}', { user: {} }, 'text').missing).toEqual([
      'user.constructor',
    ]);
  });

  it('lists placeholders', () => {
    expect(placeholdersOf('{{a}} {{b.c|x}} {{a}}')).toEqual(['a', 'b.c']);
  });
});

describe('resolveReply fallback chain', () => {
  const opts = { defaultLocale: 'en', mode: 'text' as const };
  it('uses the user locale when the template renders', () => {
    const r = resolveReply(
      DEFAULT_TEMPLATES,
      'thank',
      { user: { name: '小王' } },
      { ...opts, locale: 'zh-CN' },
    );
    expect(r.body).toContain('小王');
    expect(r).toMatchObject({ situation: 'thank', locale: 'zh-CN', fallbacks: [] });
  });
  it('falls back to the default locale, then generic, then the safe text', () => {
    const fr = resolveReply(DEFAULT_TEMPLATES, 'thank', {}, { ...opts, locale: 'fr-FR' });
    expect(fr).toMatchObject({ situation: 'thank', locale: 'en' });
    expect(fr.fallbacks.map((f) => f.locale)).toEqual(['fr-FR', 'fr']);
    const noTitle = resolveReply(DEFAULT_TEMPLATES, 'adopted', {}, { ...opts, locale: 'zh-CN' });
    expect(noTitle).toMatchObject({ situation: 'generic', locale: 'zh-CN' });
    expect(noTitle.fallbacks[0]).toMatchObject({ reason: 'missing-variables', missing: ['need.title'] });
    const safe = resolveReply({}, 'thank', {}, { ...opts, locale: 'zh-CN' });
    expect(safe.situation).toBe('safe');
    expect(safe.body).toBe('我们已收到你的反馈，谢谢！');
  });
});
