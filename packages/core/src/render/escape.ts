import type { ChannelFormat } from './channel-format';

/** The longest text (in code points) one placeholder may insert; longer values end with `…`. */
export const MAX_VALUE_LENGTH = 500;

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '{': '&#123;',
  '}': '&#125;',
};

/**
 * Characters dropped from inserted text: C0 controls but tab, newline and carriage return; DEL and C1
 * controls; and the bidirectional overrides and isolates that can hide or reorder what a reader sees.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * User text made plain: control characters removed and cut to `maxLength` code points (the last
 * one `…` when cut), never splitting a surrogate pair.
 *
 * @example
 * cleanText('a\u0000b', 10) // 'ab'
 * cleanText('abcdef', 4) // 'abc…'
 */
export function cleanText(value: string, maxLength: number = MAX_VALUE_LENGTH): string {
  const clean = value.replace(CONTROL, '');
  if (clean.length <= maxLength) return clean;
  const points = Array.from(clean);
  if (points.length <= maxLength) return clean;
  return maxLength <= 0 ? '' : `${points.slice(0, maxLength - 1).join('')}…`;
}

/**
 * Escapes one inserted value for a channel, after `cleanText`:
 * - `html`: `& < > " ' \`` and braces become entities, so the text is shown, never run, and no
 *   template engine downstream (`{{x}}`, `${x}`, `{%x%}`) reads it;
 * - `text`: braces become the full-width `｛` `｝` (they read the same; no template engine reads them);
 *   everything else stays as typed, so an SMS shows `<3 Li & co` as written.
 *
 * @example
 * escapeForChannel('<b>{{x}}</b>', 'html') // '&lt;b&gt;&#123;&#123;x&#125;&#125;&lt;/b&gt;'
 * escapeForChannel('<b>{{x}}</b>', 'text') // '<b>｛｛x｝｝</b>'
 */
export function escapeForChannel(
  value: string,
  format: ChannelFormat,
  maxLength: number = MAX_VALUE_LENGTH,
): string {
  const clean = cleanText(value, maxLength);
  if (format === 'text') return clean.replace(/[{}]/g, (c) => (c === '{' ? '｛' : '｝'));
  return clean.replace(/[&<>"'`{}]/g, (c) => HTML_ENTITIES[c] ?? c);
}
