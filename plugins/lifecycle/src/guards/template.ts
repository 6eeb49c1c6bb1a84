import type { LocalizedText } from '@engageloop/core';

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;
/** Longest text a variable may insert. */
export const MAX_VALUE_LENGTH = 200;

/** Reads a dotted path through own properties only (no prototype keys). */
export function lookup(vars: unknown, path: string): unknown {
  let current: unknown = vars;
  for (const key of path.split('.')) {
    if (FORBIDDEN.has(key) || current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Makes a value safe to insert: control characters removed, length capped, and every template
 * delimiter (`{{`, `}}`, `{%`, `%}`, `${`) broken with a zero-width space, so user data can never
 * become template syntax here or in a channel's own template engine.
 */
export function escapeValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, MAX_VALUE_LENGTH);
  return clean.replace(/([{}%$])(?=[{}%])/g, '$1\u200b');
}

/**
 * Renders `{{path.to.value}}` placeholders in one pass: inserted values are escaped and never
 * expanded again. Unknown variables render as empty text.
 *
 * @example
 * renderTemplate('Hi {{user.name}}!', { user: { name: 'Ada' } }) // 'Hi Ada!'
 * renderTemplate('Hi {{user.name}}', { user: { name: '{{secret}}' } }) // 'Hi {\u200b{secret}\u200b}'
 */
export function renderTemplate(template: string, vars: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_match, path: string) => escapeValue(lookup(vars, path)));
}

/** The text for `locale`, else the fallback locale, else its language (`zh` for `zh-CN`), else the first. */
export function pickText(text: LocalizedText, locale: string, fallback: string): string {
  if (typeof text === 'string') return text;
  for (const key of [locale, fallback, locale.split('-')[0] ?? '', fallback.split('-')[0] ?? '']) {
    if (key && Object.hasOwn(text, key)) return text[key] as string;
  }
  return Object.values(text)[0] ?? '';
}
