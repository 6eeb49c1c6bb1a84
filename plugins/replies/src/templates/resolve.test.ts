import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from './defaults';
import { resolveReply } from './resolve';

describe('resolveReply fallback chain', () => {
  const opts = { defaultLocale: 'en', format: 'text' as const };
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
