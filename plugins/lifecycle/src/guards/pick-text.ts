import type { LocalizedText } from '@engageloop/core';

/** The text for `locale`, else the fallback locale, else its language (`zh` for `zh-CN`), else the first. */
export function pickText(text: LocalizedText, locale: string, fallback: string): string {
  if (typeof text === 'string') return text;
  for (const key of [locale, fallback, locale.split('-')[0] ?? '', fallback.split('-')[0] ?? '']) {
    if (key && Object.hasOwn(text, key)) return text[key] as string;
  }
  return Object.values(text)[0] ?? '';
}
