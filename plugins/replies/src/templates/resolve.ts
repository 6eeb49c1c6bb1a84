import { type ChannelFormat, renderTemplate, type TemplateVariables } from '@engageloop/core';
import { SAFE_ACKNOWLEDGEMENT, type TemplateTable } from './defaults';

/** A reply's text after the template fallback chain, with every step skipped on the way. */
export interface ResolvedReply {
  /** The rendered text. */
  body: string;
  /** The situation and locale whose template was used. */
  situation: string;
  locale: string;
  /** Each step of the fallback chain that was skipped, and why. */
  fallbacks: Array<{
    situation: string;
    locale: string;
    reason: 'missing-template' | 'missing-variables';
    missing?: string[];
  }>;
}

const own = (table: TemplateTable, situation: string, locale: string): string | undefined => {
  if (!Object.hasOwn(table, situation)) return undefined;
  const row = table[situation];
  return row && Object.hasOwn(row, locale) ? row[locale] : undefined;
};

/** `zh-CN` → [`zh-CN`, `zh`]; duplicates removed. */
function localeChain(locale: string, defaultLocale: string): string[] {
  const chain = [locale];
  const lang = locale.split('-')[0];
  if (lang && lang !== locale) chain.push(lang);
  chain.push(defaultLocale);
  const defaultLang = defaultLocale.split('-')[0];
  if (defaultLang) chain.push(defaultLang);
  return chain.filter((l, i) => chain.indexOf(l) === i);
}

/**
 * Picks and renders the wording: the situation in the user's locale, then in the default locale,
 * then the `generic` template (same order), then a built-in safe acknowledgement. A template is
 * skipped when it is missing or when any of its variables has no value.
 *
 * @example
 * resolveReply(table, 'thank', { user: { name: 'Li' } }, { locale: 'fr', defaultLocale: 'en', format: 'text' })
 */
export function resolveReply(
  table: TemplateTable,
  situation: string,
  variables: TemplateVariables,
  options: { locale: string; defaultLocale: string; format: ChannelFormat },
): ResolvedReply {
  const fallbacks: ResolvedReply['fallbacks'] = [];
  const locales = localeChain(options.locale, options.defaultLocale);
  const situations = situation === 'generic' ? ['generic'] : [situation, 'generic'];
  for (const s of situations) {
    for (const locale of locales) {
      const template = own(table, s, locale);
      if (template === undefined) {
        fallbacks.push({ situation: s, locale, reason: 'missing-template' });
        continue;
      }
      const { text, missing } = renderTemplate(template, variables, { format: options.format });
      if (missing.length === 0) return { body: text, situation: s, locale, fallbacks };
      fallbacks.push({ situation: s, locale, reason: 'missing-variables', missing });
    }
  }
  const locale = locales.find((l) => Object.hasOwn(SAFE_ACKNOWLEDGEMENT, l)) ?? 'en';
  return {
    body: SAFE_ACKNOWLEDGEMENT[locale] ?? SAFE_ACKNOWLEDGEMENT.en ?? '',
    situation: 'safe',
    locale,
    fallbacks,
  };
}
