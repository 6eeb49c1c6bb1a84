/** The languages engageloop's own messages exist in. */
export type MessageLocale = 'en' | 'zh-CN';

/** Every message locale, in the order they are documented. */
export const MESSAGE_LOCALES: readonly MessageLocale[] = ['en', 'zh-CN'];

/** One text in every message locale. */
export type MessageText = Readonly<Record<MessageLocale, string>>;

/** `{ en, 'zh-CN' }` from two strings. */
export const localized = (en: string, zh: string): MessageText => ({ en, 'zh-CN': zh });

/** The message locale for a locale tag: `zh`, `zh-CN`, `zh_CN.UTF-8`… → zh-CN, anything else → en. */
export const messageLocale = (tag: string | undefined): MessageLocale =>
  tag?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';

/** ` — did you mean "x"?` / `——你是不是想写 "x"？`, or nothing. */
export function suggestionIn(suggestion: string | undefined): MessageText {
  return suggestion === undefined
    ? localized('', '')
    : localized(` — did you mean "${suggestion}"?`, `——你是不是想写 "${suggestion}"？`);
}

/** Joins localized parts (and plain strings, the same in every locale) into one text. */
export function join(...parts: ReadonlyArray<MessageText | string>): MessageText {
  const pick = (locale: MessageLocale) => parts.map((p) => (typeof p === 'string' ? p : p[locale])).join('');
  return localized(pick('en'), pick('zh-CN'));
}

/**
 * A plugin's reason codes with their texts, as `{ reason, reasonText }` for an effect report: the code for
 * programs and tests, the text for `explain` in every message locale.
 *
 * @example
 * const because = reasonTexts({ 'quiet-hours': localized('inside quiet hours', '处于免打扰时段') });
 * ctx.report({ status: 'skipped', ...because('quiet-hours') });
 */
export function reasonTexts<Code extends string>(
  table: Readonly<Record<Code, MessageText>>,
): (code: Code) => { reason: Code; reasonText: MessageText } {
  return (code) => ({ reason: code, reasonText: table[code] });
}
